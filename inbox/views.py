"""The inbox page (server-rendered; inbox.js polls two small HTML fragments so it updates
without a reload) and the Chatwoot Dashboard App page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from inbox import actions, chorus, chorus_posts, clock, presenters, queues, replies
from inbox.connectors.base import DeliveryError, NotSupported
from inbox.forms import RoutingRuleForm
from inbox.models import ChorusAlert, Conversation, Message, Reply, RoutingRule
from kb.models import Team
from kb.roles import is_agent, is_lead
from project.middleware import DEFAULT_CSP
from suggest.models import CHANNELS


def _require_agent(request):
    if not is_agent(request.user):
        raise PermissionDenied("Only agents and leads use the inbox.")


def _filters(request) -> dict:
    status = request.GET.get("status", "waiting")
    return {"status": status if status in queues.QUEUES else "waiting",
            "team": request.GET.get("team", ""), "channel": request.GET.get("channel", "")}


def _queue_context(request, selected=None) -> dict:
    f = _filters(request)
    conversations = list(queues.queue(request.user, **f)[:200])
    return {"filters": f, "selected": selected,
            "rows": [(c, presenters.summary(c)) for c in conversations],
            "counts": [(k, queues.LABELS[k], n) for k, n in queues.counts(request.user).items()],
            "not_filed": queues.not_filed_yet(),
            "query": request.GET.urlencode()}


def _pane_context(request, conversation: Conversation) -> dict:
    data = presenters.detail(conversation)
    return {"conversation": conversation, "detail": data,
            "messages_in": conversation.messages.select_related("suggestion")
            .order_by("sent_at", "pk"),
            "statuses": Conversation.Status.choices}


def _page(request, conversation=None):
    _require_agent(request)
    context = _queue_context(request, selected=conversation.pk if conversation else None)
    context |= {
        "teams": Team.objects.order_by("name"), "channels": CHANNELS,
        "queue_names": list(queues.LABELS.items()),
        "share": clock.share_within_target(), "is_lead": is_lead(request.user),
        "chorus": [(a, chorus_posts.channel_counts(a)) for a in chorus.active()]
        if is_lead(request.user) else [],
    }
    if conversation is not None:
        context |= _pane_context(request, conversation)
    return render(request, "inbox/inbox.html", context)


@login_required
def inbox_page(request):
    return _page(request)


@login_required
def conversation_page(request, pk):
    _require_agent(request)
    return _page(request, get_object_or_404(queues.visible_to(request.user), pk=pk))


@login_required
def queue_fragment(request):
    _require_agent(request)
    selected = request.GET.get("selected", "")
    context = _queue_context(request, selected=int(selected) if selected.isdigit() else None)
    return render(request, "inbox/_queue.html", context)


@login_required
def pane_fragment(request, pk):
    _require_agent(request)
    conversation = get_object_or_404(queues.visible_to(request.user), pk=pk)
    return render(request, "inbox/_conversation.html", _pane_context(request, conversation))


def _back(request, conversation):
    return redirect(reverse("inbox-conversation", args=[conversation.pk]) + (
        "?" + request.GET.urlencode() if request.GET else ""))


def _visible(request, pk) -> Conversation:
    _require_agent(request)
    return get_object_or_404(queues.visible_to(request.user), pk=pk)


@login_required
@require_POST
def send(request, pk):
    conversation = _visible(request, pk)
    draft = request.POST.get("draft", "")
    try:
        replies.send(conversation, agent=request.user, text=request.POST.get("text", ""),
                     draft_index=int(draft) if draft.isdigit() else None,
                     kind=request.POST.get("kind", Reply.Kind.PUBLIC))
    except replies.SendRefused as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "Reply queued; it goes out in a moment.")
    return _back(request, conversation)


@login_required
@require_POST
def take(request, pk):
    conversation = _visible(request, pk)
    actions.take(conversation, request.user)
    return _back(request, conversation)


@login_required
@require_POST
def assign(request, pk):
    conversation = _visible(request, pk)
    try:
        actions.assign(conversation, team_slug=request.POST.get("team", ""))
    except actions.ActionRefused as exc:
        flash.error(request, exc.message)
    return _back(request, conversation)


@login_required
@require_POST
def set_status(request, pk):
    conversation = _visible(request, pk)
    try:
        actions.set_status(conversation, request.POST.get("status", ""))
    except actions.ActionRefused as exc:
        flash.error(request, exc.message)
    return _back(request, conversation)


@login_required
@require_POST
def hide(request, pk):
    _require_agent(request)
    message = get_object_or_404(Message.objects.filter(
        conversation__in=queues.visible_to(request.user)), pk=pk)
    try:
        replies.hide(message, agent=request.user)
    except (DeliveryError, NotSupported) as exc:
        flash.error(request, f"Not hidden: {exc}")
    else:
        flash.success(request, "Hidden on the platform (not deleted).")
    return _back(request, message.conversation)


@login_required
@require_POST
def dismiss_chorus(request, pk):
    """A lead has seen the chorus (and announced or posted what was needed)."""
    if not is_lead(request.user):
        raise PermissionDenied("Only leads dismiss a chorus.")
    chorus.dismiss(get_object_or_404(ChorusAlert, pk=pk))
    return redirect("inbox")


def _lead_alert(request, pk) -> ChorusAlert:
    if not is_lead(request.user):
        raise PermissionDenied("Only leads write from a chorus.")
    return get_object_or_404(ChorusAlert, pk=pk)


@login_required
def chorus_announce(request, pk):
    """One click from a chorus: the heads-up to the agents, prefilled from the decision and
    the counts, edited by the lead and published to the agents' announcement feed."""
    alert = _lead_alert(request, pk)
    entry = chorus_posts.decision(alert)
    if entry is None:
        flash.error(request, "This chorus has no published decision to announce; write a "
                             "public post, or decide it first.")
        return redirect("inbox-chorus-post", pk=alert.pk)
    text, error = chorus_posts.heads_up_draft(alert, entry), ""
    if request.method == "POST":
        text = request.POST.get("text", "")
        try:
            chorus_posts.publish_heads_up(alert, text=text, user=request.user)
        except chorus_posts.NothingToAnnounce as exc:
            error = str(exc)
        else:
            flash.success(request, "Announced: the agents see it in their feed.")
            return redirect("inbox")
    return render(request, "inbox/chorus_write.html", {
        "alert": alert, "entry": entry, "text": text, "error": error, "mode": "announce",
        "counts": chorus_posts.channel_counts(alert)}, status=400 if error else 200)


@login_required
def chorus_post(request, pk):
    """One click from a chorus: a public post for the customers, prefilled, which the lead
    edits and copies to the page or profile; "posted" records that it is out."""
    alert = _lead_alert(request, pk)
    if request.method == "POST":
        chorus_posts.mark_posted(alert)
        flash.success(request, "Marked as posted.")
        return redirect("inbox")
    return render(request, "inbox/chorus_write.html", {
        "alert": alert, "entry": chorus_posts.decision(alert), "mode": "post",
        "text": chorus_posts.public_post_draft(alert),
        "counts": chorus_posts.channel_counts(alert)})


@login_required
def routing(request):
    """Leads set which team new conversations go to (the first matching rule wins)."""
    if not is_lead(request.user):
        raise PermissionDenied("Only leads set the routing rules.")
    form = RoutingRuleForm()
    if request.method == "POST":
        if "delete" in request.POST:
            number = request.POST["delete"]
            get_object_or_404(RoutingRule, pk=int(number) if number.isdigit() else 0).delete()
            flash.success(request, "Rule deleted.")
            return redirect("inbox-routing")
        form = RoutingRuleForm(request.POST)
        if form.is_valid():
            form.save()
            flash.success(request, "Rule added; new conversations are routed by it.")
            return redirect("inbox-routing")
    rules = RoutingRule.objects.select_related("team")
    return render(request, "inbox/routing.html", {"form": form, "rules": rules},
                  status=400 if form.errors else 200)


@login_required
@xframe_options_exempt
def chatwoot_app(request):
    """Chatwoot's Dashboard App: loaded in an iframe in its conversation view; the page asks
    for the context by postMessage and shows Svar's drafts for that conversation."""
    _require_agent(request)
    response = render(request, "inbox/chatwoot_app.html", {})
    ancestors = settings.SVAR_CHATWOOT_URL or "'none'"
    response.headers["Content-Security-Policy"] = DEFAULT_CSP.replace(
        "frame-ancestors 'none'", f"frame-ancestors {ancestors}")
    return response
