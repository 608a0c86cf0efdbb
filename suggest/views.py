"""The agent page: paste a message, get drafts, send one."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from kb.loop import intake
from kb.models import Announcement
from kb.roles import is_agent
from suggest.compose.channels import limit
from suggest.models import CHANNELS, Feedback
from text.languages import LANGUAGE_NAMES

PUBLIC_BY_DEFAULT = {"facebook_comment", "instagram_comment", "x_reply"}


def _require_agent(request):
    if not is_agent(request.user):
        raise PermissionDenied("Only agents and leads use the agent page.")


@login_required
def agent_page(request):
    _require_agent(request)
    channels = [{"value": v, "label": label, "public": v in PUBLIC_BY_DEFAULT,
                 "limit": limit(v) or ""} for v, label in CHANNELS]
    return render(request, "suggest/agent.html", {
        "channels": channels,
        "languages": sorted(LANGUAGE_NAMES.items()),
        "language_names": LANGUAGE_NAMES,
        "announcements": intake.unread_announcements(request.user)[:5],
        "notifications": [n for n in intake.notifications_for(request.user)[:5] if not n.read_at],
        "reject_reasons": Feedback.Reason.choices,
        "feed_poll_seconds": settings.SVAR_FEED_POLL_SECONDS,
    })


@login_required
@require_POST
def read_announcement(request, pk):
    _require_agent(request)
    try:
        intake.mark_announcement_read(request.user, pk)
    except Announcement.DoesNotExist as exc:
        raise Http404("No such announcement.") from exc
    return redirect("agent")
