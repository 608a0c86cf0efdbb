"""The agents' handbook: search as you type, browse by topic, read an entry with its why.
Thin: what an agent may read is decided in kb.handbook.browse."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kb.handbook import browse
from kb.leads.views import agent_required
from kb.loop import intake
from kb.models import Announcement
from kb.roles import is_lead
from text.languages import LANGUAGE_NAMES


@agent_required
def index(request):
    query = request.GET.get("q", "").strip()[:browse.MAX_QUERY_CHARS]
    topic = request.GET.get("topic", "").strip()[:100]
    context = {"query": query, "topic": topic, "entries": browse.find(request.user, query, topic),
               "topics": browse.topics_for(request.user), "language_names": LANGUAGE_NAMES}
    if request.GET.get("partial"):
        return render(request, "kb/handbook/_results.html", context)
    return render(request, "kb/handbook/index.html", context)


@agent_required
def entry(request, pk):
    item = get_object_or_404(browse.readable(request.user), pk=pk)
    return render(request, "kb/handbook/entry.html", {
        "facts": browse.facts(item, request.user), "entry": item,
        "is_lead": is_lead(request.user)})


@agent_required
def announcements(request):
    items = intake.announcements_for(request.user)
    return render(request, "kb/handbook/announcements.html", {
        "items": items, "unread": sum(a.unread for a in items)})


@agent_required
@require_POST
def announcement_read(request, pk):
    try:
        intake.mark_announcement_read(request.user, pk)
    except Announcement.DoesNotExist as exc:
        raise Http404("No such announcement.") from exc
    return redirect(request.POST.get("next") if request.POST.get("next") == "/agent/"
                    else "announcements")


@agent_required
@require_POST
def announcements_read_all(request):
    n = intake.mark_all_announcements_read(request.user)
    messages.success(request, f"Marked {n} announcement{'s' if n != 1 else ''} read.")
    return redirect("announcements")
