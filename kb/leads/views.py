"""Lead pages: the question queue, proposals, entry history, suggested wordings, entry health
and gaps; and "mine" for agents. Thin: the work is in the service modules beside this."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kb import entries, versions
from kb.leads.forms import EntryAnswerForm, ProposalReviewForm, apply_errors
from kb.loop import due as due_mod
from kb.loop import health as health_mod
from kb.loop import proposals as proposals_mod
from kb.loop import questions as questions_mod
from kb.loop import wordings as wordings_mod
from kb.loop.announcements import HIDDEN_ENTRY
from kb.loop.inputs import clean_text, parse_id, parse_ids
from kb.loop.intake import notifications_for, unread_announcements
from kb.models import Entry, Notification, OpenQuestion, Proposal
from kb.roles import is_agent, is_lead
from kb.search.service import search


def lead_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_lead(request.user):
            raise PermissionDenied("Only leads may do this.")
        return view(request, *args, **kwargs)

    return wrapper


def agent_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_agent(request.user):
            raise PermissionDenied("Only agents and leads may see this.")
        return view(request, *args, **kwargs)

    return wrapper


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(m for ms in exc.message_dict.values() for m in ms)
    return "; ".join(exc.messages)


def _ids(request, values, field: str) -> list[int] | None:
    """The ids posted (or in the query), or None with an error message for the page."""
    try:
        return parse_ids(values, field=field)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return None


def diff_rows(changes: list[dict]) -> list[dict]:
    """Unified diff lines with a kind (add, del, ctx) for styling; headers dropped."""
    for change in changes:
        rows = []
        for line in change["diff"]:
            if line.startswith(("---", "+++", "@@")):
                continue
            kind = {"+": "add", "-": "del"}.get(line[:1], "ctx")
            rows.append({"kind": kind, "sign": line[:1] if kind != "ctx" else " ",
                         "text": line[1:]})
        change["rows"] = rows
    return changes


def _int_param(request, name, default, lo=1, hi=3650) -> int:
    try:
        return max(lo, min(hi, int(request.GET.get(name, default))))
    except (TypeError, ValueError):
        return default


# --- Queue --------------------------------------------------------------------------------


@lead_required
def queue(request):
    return render(request, "kb/leads/queue.html", {"groups": questions_mod.open_groups(),
                                                   "due": due_mod.due_for_review(),
                                                   "section": "queue"})


def _open_questions(request) -> tuple[list[int] | None, list[OpenQuestion]]:
    """The open questions a lead picked (?ids= or question_ids), oldest first; a message
    and an empty list when there are none left."""
    ids = _ids(request, request.POST.getlist("question_ids") or request.GET.getlist("ids"),
               "question_ids")
    if ids is None:
        return None, []
    questions = list(OpenQuestion.objects.filter(pk__in=ids, status=OpenQuestion.Status.OPEN)
                     .order_by("created_at"))
    if not questions:
        messages.info(request, "Those questions are no longer open.")
    return ids, questions


@lead_required
def question_answer(request):
    ids, questions = _open_questions(request)
    if not questions:
        return redirect("leads:queue")
    if request.method == "POST":
        form = EntryAnswerForm(request.POST)
        if form.is_valid():
            try:
                entry = questions_mod.answer_with_new_entry(ids, user=request.user,
                                                            data=form.data_dict())
            except ValidationError as exc:
                apply_errors(form, exc.message_dict)
            else:
                n = len({q.asked_by_id for q in questions if q.asked_by_id})
                messages.success(request, f"Published “{entry.title}”. "
                                          f"{n} asker{pluralize(n)} notified.")
                return redirect("leads:queue")
    else:
        form = EntryAnswerForm(initial={
            "language": questions[0].language, "audience": Entry.Audience.PUBLIC,
            "kind": Entry.Kind.FAQ,
            "questions": "\n".join(dict.fromkeys(q.text for q in questions))})
    return render(request, "kb/leads/answer.html",
                  {"form": form, "questions": questions, "ids": ",".join(map(str, ids)),
                   "section": "queue"})


@lead_required
def question_link(request):
    ids, questions = _open_questions(request)
    if not questions:
        return redirect("leads:queue")
    if request.method == "POST":
        try:
            entry = questions_mod.link_entry(ids, user=request.user,
                                             entry_id=request.POST.get("entry_id", ""))
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"Linked to “{entry.title}”; its example questions now "
                                      f"include these wordings.")
            return redirect("leads:queue")
    q = clean_text(request.GET.get("q", questions[0].text)).strip()[:500]
    hits = search(q, audience="all", user=request.user, k=8).hits if q else []
    return render(request, "kb/leads/link.html",
                  {"questions": questions, "ids": ",".join(map(str, ids)), "q": q,
                   "hits": hits, "section": "queue"})


@lead_required
@require_POST
def question_dismiss(request):
    ids = _ids(request, request.POST.getlist("question_ids"), "question_ids")
    if ids is None:
        return redirect("leads:queue")
    try:
        n = questions_mod.dismiss(ids, user=request.user,
                                  reason=clean_text(request.POST.get("reason", "")))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"Dismissed {n} question{pluralize(n)}.")
    return redirect("leads:queue")


# --- Proposals ----------------------------------------------------------------------------


@lead_required
def proposal_list(request):
    items = list(Proposal.objects.filter(status=Proposal.Status.OPEN)
                 .select_related("entry", "proposed_by").order_by("created_at"))
    for p in items:
        p.changes = diff_rows(proposals_mod.proposal_diff(p))
    decided = (Proposal.objects.exclude(status=Proposal.Status.OPEN)
               .select_related("entry", "proposed_by", "reviewed_by")
               .order_by("-reviewed_at")[:20])
    return render(request, "kb/leads/proposals.html",
                  {"proposals": items, "decided": decided, "section": "proposals"})


@lead_required
def proposal_review(request, pk):
    proposal = get_object_or_404(Proposal.objects.select_related("entry", "proposed_by"), pk=pk)
    data = proposals_mod.proposed_data(proposal)
    initial = {k: data.get(k, "") for k in ("title", "answer", "short_answer", "why",
                                           "language", "audience", "kind")}
    initial["questions"] = "\n".join(data.get("questions") or [])
    form = ProposalReviewForm(initial=initial)
    reject_error = ""
    if request.method == "POST" and proposal.status == Proposal.Status.OPEN:
        action = request.POST.get("action")
        if action == "reject":
            try:
                proposals_mod.reject(proposal, user=request.user,
                                     reason=clean_text(request.POST.get("reason", "")))
            except ValidationError as exc:
                reject_error = _error_text(exc)
            else:
                messages.success(request, "Proposal rejected; the agent is told why.")
                return redirect("leads:proposals")
        elif action == "approve":
            form = ProposalReviewForm(request.POST)
            if form.is_valid():
                edits = {k: v for k, v in form.data_dict().items()
                         if v not in ("", None, [])}
                try:
                    entry = proposals_mod.approve(proposal, user=request.user, edits=edits)
                except ValidationError as exc:
                    apply_errors(form, exc.message_dict)
                else:
                    messages.success(request, f"Approved and published “{entry.title}” "
                                              f"(version {entry.version}).")
                    return redirect("leads:entry-history", pk=entry.pk)
    changes = diff_rows(proposals_mod.proposal_diff(proposal))
    return render(request, "kb/leads/proposal_review.html",
                  {"proposal": proposal, "form": form, "changes": changes,
                   "reject_error": reject_error, "section": "proposals"})


# --- Entry history ------------------------------------------------------------------------


@lead_required
def entry_history(request, pk):
    entry = get_object_or_404(Entry, pk=pk)
    history = list(entry.versions.select_related("author").order_by("-number"))
    numbers = [v.number for v in history]
    changes, a, b = [], None, None
    if len(numbers) >= 2:
        b = _int_param(request, "b", numbers[0], 1, 10**9)
        a = _int_param(request, "a", numbers[1], 1, 10**9)
        if a in numbers and b in numbers:
            changes = diff_rows(versions.diff(entry, a, b))
        else:
            messages.error(request, "Choose two versions of this entry.")
    return render(request, "kb/leads/history.html",
                  {"entry": entry, "history": history, "changes": changes, "a": a, "b": b,
                   "section": "history"})


@lead_required
@require_POST
def entry_restore(request, pk):
    entry = get_object_or_404(Entry, pk=pk)
    number = parse_id(request.POST.get("number", ""))
    if number is None or not entry.versions.filter(number=number).exists():
        messages.error(request, "Choose a version of this entry to restore.")
        return redirect("leads:entry-history", pk=pk)
    try:
        entries.entry_restore(entry, number, user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("leads:entry-history", pk=pk)
    messages.success(request, f"Restored version {number} as version {entry.version}.")
    return redirect("leads:entry-history", pk=pk)


# --- Wordings -----------------------------------------------------------------------------


@lead_required
def wordings(request):
    if request.method == "POST":
        ids = _ids(request, request.POST.getlist("wording_ids"), "wording_ids")
        action = request.POST.get("action")
        if ids == []:
            messages.error(request, "Tick at least one wording.")
        elif ids and action == "accept":
            n = wordings_mod.accept(ids, user=request.user)
            messages.success(request, f"Accepted {n} wording{pluralize(n)}; search now knows "
                                      f"{'them' if n != 1 else 'it'}.")
        elif ids and action == "discard":
            n = wordings_mod.discard(ids)
            messages.success(request, f"Discarded {n} wording{pluralize(n)}.")
        return redirect("leads:wordings")
    return render(request, "kb/leads/wordings.html",
                  {"groups": wordings_mod.suggested_by_entry(), "section": "wordings"})


# --- Health and gaps ----------------------------------------------------------------------


@lead_required
def health(request):
    days = _int_param(request, "days", health_mod.DEFAULT_DAYS)
    unused_days = _int_param(request, "unused", health_mod.DEFAULT_UNUSED_DAYS)
    rows = health_mod.entry_health(days)
    return render(request, "kb/leads/health.html", {
        "rows": rows, "days": days, "unused_days": unused_days,
        "unused": health_mod.unused_entries(unused_days),
        "edited": [h for h in rows if h.consider_rewriting],
        "gap_count": len(health_mod.gaps(days)), "period_choices": [7, 30, 90, 365],
        "section": "health"})


@lead_required
def gaps(request):
    days = _int_param(request, "days", health_mod.DEFAULT_DAYS)
    return render(request, "kb/leads/gaps.html", {
        "gaps": health_mod.gaps(days), "days": days, "period_choices": [7, 30, 90, 365],
        "section": "gaps"})


def _gap_questions(request) -> list[OpenQuestion] | None:
    """The posted group of unanswered messages as open questions (None: a message says why)."""
    ids = _ids(request, request.POST.getlist("message_ids"), "message_ids")
    if ids is None:
        return None
    try:
        return health_mod.gap_to_questions(ids, user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
        return None


@lead_required
@require_POST
def gap_answer(request):
    """One click from a group of unanswered messages to writing the entry that answers them."""
    created = _gap_questions(request)
    if created is None:
        return redirect("leads:gaps")
    query = "&".join(f"ids={q.pk}" for q in created)
    return redirect(f"{reverse('leads:question-answer')}?{query}")


@lead_required
@require_POST
def gap_ask(request):
    created = _gap_questions(request)
    if created is None:
        return redirect("leads:gaps")
    n = len(created)
    messages.success(request, f"{n} message{'s are' if n != 1 else ' is'} now open "
                              f"question{pluralize(n)}.")
    return redirect(reverse("leads:queue"))


# --- Mine (agents and leads) --------------------------------------------------------------


@agent_required
def mine(request):
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(
            read_at=timezone.now())
        return redirect("leads:mine")
    # Titles only of entries the agent may read (another team's internal entry can answer
    # their question; its title is not theirs to see).
    readable = set(Entry.objects.visible_to(request.user).values_list("pk", flat=True))
    questions = list(OpenQuestion.objects.filter(asked_by=request.user)
                     .select_related("answer_entry")[:50])
    for q in questions:
        q.answer_title = q.answer_entry.title if q.answer_entry_id in readable else (
            HIDDEN_ENTRY if q.answer_entry_id else "")
    proposals = list(Proposal.objects.filter(proposed_by=request.user).select_related("entry")[:50])
    for p in proposals:
        p.entry_title = (p.entry.title if p.entry_id in readable else HIDDEN_ENTRY) \
            if p.entry_id else p.data.get("title", "")
    return render(request, "kb/leads/mine.html", {
        "questions": questions,
        "proposals": proposals,
        "notifications": notifications_for(request.user)[:50],
        "announcements": unread_announcements(request.user)[:20],
        "is_lead": is_lead(request.user), "section": "mine"})
