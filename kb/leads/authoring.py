"""Lead pages for writing the handbook without the admin: the entry list, the entry form
(draft → review → publish, Markdown preview, the diff before a change goes live), the brand
voice and the people and their roles. Thin: the rules are in kb.review and kb.people."""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kb import people as people_mod
from kb import review
from kb.handbook.browse import render_markdown
from kb.leads.forms import (
    BrandVoiceForm,
    EntryForm,
    PersonForm,
    TeamForm,
    TopicForm,
    apply_errors,
)
from kb.leads.views import diff_rows, lead_required
from kb.models import BrandVoice, Entry, Topic

STATUS_FILTERS = ("draft", "review", "published", "retired")


@lead_required
def entry_list(request):
    status = request.GET.get("status", "")
    q = request.GET.get("q", "").strip()[:200]
    entries = Entry.objects.select_related("team", "updated_by").order_by("-updated_at")
    if status in STATUS_FILTERS:
        entries = entries.filter(status=status)
    if q:
        entries = entries.filter(Q(title__icontains=q) | Q(answer__icontains=q))
    return render(request, "kb/leads/entries.html", {
        "entries": entries[:300], "status": status, "q": q, "statuses": STATUS_FILTERS,
        "require_review": settings.SVAR_REQUIRE_REVIEW, "section": "entries"})


@lead_required
def entry_new(request):
    return _entry_form(request, Entry(status=Entry.Status.DRAFT))


@lead_required
def entry_edit(request, pk):
    return _entry_form(request, get_object_or_404(Entry, pk=pk))


def _entry_form(request, entry: Entry):
    preview = changes = None
    if request.method == "POST":
        form = EntryForm(request.POST)
        action = request.POST.get("action", "save")
        if form.is_valid():
            data = form.entry_data()
            try:
                done = _act(request, entry, data, action)
            except ValidationError as exc:
                apply_errors(form, exc.message_dict)
            else:
                if done is not None:
                    return done
            if action == "preview":
                preview = render_markdown(data.fields["answer"])
            if action == "publish" and not form.errors:
                changes = diff_rows(review.pending_changes(entry, data))
    else:
        form = EntryForm.for_entry(entry) if entry.pk else EntryForm(initial={
            "language": request.GET.get("language", "nb"), "kind": Entry.Kind.FAQ,
            "questions": request.GET.get("questions", "")})
    return render(request, "kb/leads/entry_form.html", {
        "form": form, "entry": entry, "preview": preview, "changes": changes,
        "require_review": settings.SVAR_REQUIRE_REVIEW,
        "may_publish": not review.publish_problems(entry, request.user) if entry.pk else
        not settings.SVAR_REQUIRE_REVIEW,
        "section": "entries"})


def _act(request, entry: Entry, data: review.EntryData, action: str):
    """Do what the button says; a response when done, None to show the form again."""
    published = entry.pk and entry.status == Entry.Status.PUBLISHED
    if action == "save":
        review.save_draft(entry, data, user=request.user)
        messages.success(request, f"Saved “{entry.title}” as a draft (version {entry.version}).")
        return redirect("leads:entry-edit", pk=entry.pk)
    if action == "review":
        review.submit_for_review(entry, data, user=request.user)
        messages.success(request, "Sent for review: another lead publishes it."
                         if not published else "The change is a proposal now: another lead "
                         "reviews and publishes it.")
        return redirect("leads:entries")
    if action == "publish" and published:
        if settings.SVAR_REQUIRE_REVIEW:
            raise ValidationError({"__all__": ["Another lead must review this change: send "
                                               "it for review."]})
        if not review.pending_changes(entry, data):
            raise ValidationError({"__all__": ["Nothing changed: the published entry is "
                                               "already like this."]})
        problems = review.publish_problems(review.apply(copy.copy(entry), data), request.user)
        if problems:
            raise ValidationError(problems)
        return None  # show the diff first; "confirm" publishes it
    if action in ("publish", "confirm"):
        was_published = published
        review.publish_entry(entry, data, user=request.user)
        messages.success(request, f"{'Published the change to' if was_published else 'Published'}"
                                  f" “{entry.title}” (version {entry.version}); the agents "
                                  f"it concerns are told.")
        return redirect("leads:entry-edit", pk=entry.pk)
    return None  # preview


@lead_required
@require_POST
def entry_preview(request):
    """The answer's Markdown as the handbook shows it (for the live preview)."""
    return HttpResponse(render_markdown(request.POST.get("answer", "")[:20000]))


@lead_required
@require_POST
def entry_publish(request, pk):
    """Publish an entry as it stands (a draft or one waiting for review)."""
    entry = get_object_or_404(Entry, pk=pk)
    try:
        review.publish_entry(entry, None, user=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(m for ms in exc.message_dict.values() for m in ms))
    else:
        messages.success(request, f"Published “{entry.title}” (version {entry.version}).")
    return redirect("leads:entries")


# --- Brand voice --------------------------------------------------------------------------


@lead_required
def voice(request):
    current = BrandVoice.current()
    if request.method == "POST":
        form = BrandVoiceForm(request.POST)
        if form.is_valid():
            people_mod.save_voice(form.voice_data(), user=request.user)
            messages.success(request, "Saved the brand voice; new drafts use it.")
            return redirect("leads:voice")
    else:
        form = BrandVoiceForm.for_voice(current)
    return render(request, "kb/leads/voice.html", {"form": form, "section": "voice"})


# --- People, roles and teams --------------------------------------------------------------


def _saved_person(request, form: PersonForm, person=None):
    """Save the person from a valid form; the saved person, or None with the form's errors."""
    if not form.is_valid():
        return None
    try:
        saved = people_mod.save_person(person, **form.cleaned_data, user=request.user)
    except ValidationError as exc:
        apply_errors(form, exc.message_dict)
        return None
    messages.success(request, f"Saved {saved.get_username()} as {people_mod.role_of(saved)}.")
    return saved


def _created(request, form, create, what: str) -> bool:
    """Create a team or topic from a valid form; False with the form's errors."""
    if not form.is_valid():
        return False
    try:
        row = create(**form.cleaned_data, user=request.user)
    except ValidationError as exc:
        apply_errors(form, exc.message_dict)
        return False
    messages.success(request, f"Created the {what} {row.name}.")
    return True


@lead_required
def people(request):
    form, team_form, topic_form = PersonForm(prefix="p"), TeamForm(prefix="t"), \
        TopicForm(prefix="o")
    what = request.POST.get("what") if request.method == "POST" else None
    if what == "topic":
        topic_form = TopicForm(request.POST, prefix="o")
        if _created(request, topic_form, people_mod.create_topic, "topic"):
            return redirect("leads:people")
    elif what == "team":
        team_form = TeamForm(request.POST, prefix="t")
        if _created(request, team_form, people_mod.create_team, "team"):
            return redirect("leads:people")
    elif request.method == "POST":
        form = PersonForm(request.POST, prefix="p")
        if _saved_person(request, form):
            return redirect("leads:people")
    return render(request, "kb/leads/people.html", {
        "people": people_mod.everyone(), "form": form, "team_form": team_form,
        "teams": people_mod.teams(), "topic_form": topic_form,
        "topics": Topic.objects.order_by("name"), "section": "people"})


@lead_required
def person_edit(request, pk):
    person = get_object_or_404(people_mod.User, pk=pk)
    if request.method == "POST":
        form = PersonForm(request.POST, prefix="p", editing=person)
        if _saved_person(request, form, person):
            return redirect("leads:people")
    else:
        form = PersonForm.for_person(person)
    return render(request, "kb/leads/person.html", {"form": form, "person": person,
                                                    "section": "people"})
