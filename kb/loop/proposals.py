"""Agents' proposals (a new entry or a change) and a lead's decision on them."""

from __future__ import annotations

import datetime
import difflib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from kb import versions
from kb.audit import log_event
from kb.entries import entry_publish
from kb.loop.announcements import HIDDEN_ENTRY, notify
from kb.loop.inputs import clean_text, parse_id
from kb.models import TEXT_LIMITS, Entry, Language, Proposal, Team, Topic
from text.personal_data import redact

#: Fields a proposal may set, and their limits.
TEXT_FIELDS = TEXT_LIMITS
CHOICE_FIELDS = {"language": Language.values, "audience": Entry.Audience.values,
                 "kind": Entry.Kind.values}
#: Fields kept as given when present, even empty: null team or review-by clears it.
META_FIELDS = ("team", "topics", "review_by")
FIELDS = (*TEXT_FIELDS, *CHOICE_FIELDS, "questions")


def clean_data(data: dict, *, kind: str) -> dict:
    """Only known fields, trimmed, with field messages for anything wrong."""
    if not isinstance(data, dict):
        raise ValidationError({"data": "Give the proposed fields as an object."})
    errors: dict[str, str] = {}
    out: dict = {}
    for field, limit in TEXT_FIELDS.items():
        if field in data and data[field] is not None:
            value = clean_text(data[field]).strip()
            if len(value) > limit:
                errors[field] = f"At most {limit} characters."
            out[field] = value
    for field, allowed in CHOICE_FIELDS.items():
        if data.get(field):
            if data[field] not in allowed:
                errors[field] = f"One of {', '.join(allowed)}."
            out[field] = data[field]
    if "questions" in data and data["questions"] is not None:
        questions = data["questions"]
        if isinstance(questions, str):
            questions = questions.splitlines()
        if not isinstance(questions, list) or len(questions) > 200:
            errors["questions"] = "A list of at most 200 example questions."
        else:
            questions = [clean_text(q).strip() for q in questions]
            out["questions"] = [q[:1000] for q in questions if q]
    _clean_meta(data, out, errors)
    if kind == Proposal.Kind.NEW:
        for field in ("title", "answer", "language"):
            if not out.get(field):
                errors.setdefault(field, "Required for a new entry.")
    elif not any(out.get(f) not in (None, "") for f in FIELDS) and not any(
            f in out for f in META_FIELDS):
        errors["data"] = "Propose at least one change."
    if errors:
        raise ValidationError(errors)
    return out


def _clean_meta(data: dict, out: dict, errors: dict) -> None:
    """Team (a slug, or null for none), topics (slugs) and review-by (an ISO date or null),
    stored as JSON-ready values and applied on approval."""
    if "team" in data:
        team = data["team"] or None
        if team is not None and not (isinstance(team, str)
                                     and Team.objects.filter(slug=team).exists()):
            errors["team"] = f"No team {clean_text(str(team))[:50]!r}."
        out["team"] = team
    if "topics" in data and data["topics"] is not None:
        topics = data["topics"]
        if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
            errors["topics"] = "A list of topic slugs."
        else:
            known = set(Topic.objects.filter(slug__in=topics).values_list("slug", flat=True))
            unknown = [t for t in topics if t not in known]
            if unknown:
                errors["topics"] = f"No topic {clean_text(unknown[0])[:50]!r}."
            out["topics"] = sorted(set(topics))
    if "review_by" in data:
        value = data["review_by"] or None
        if value is not None:
            try:
                value = datetime.date.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors["review_by"] = "A date, YYYY-MM-DD."
        out["review_by"] = value


def create_proposal(*, user, kind: str, data: dict, entry_id: int | None = None,
                    note: str = "", suggestion_ref: str = "") -> Proposal:
    if kind not in Proposal.Kind.values:
        raise ValidationError({"kind": f"One of {', '.join(Proposal.Kind.values)}."})
    entry = None
    if kind == Proposal.Kind.CHANGE:
        if not entry_id:
            raise ValidationError({"entry_id": "Which entry should change?"})
        number = parse_id(entry_id)
        entry = (Entry.objects.visible_to(user).filter(pk=number).first()
                 if number is not None else None)
        if entry is None:
            raise ValidationError({"entry_id": ValidationError(
                f"No entry {clean_text(entry_id)[:20]}.", code="not_found")})
    cleaned = clean_data(data, kind=kind)
    for field in TEXT_FIELDS:
        if field in cleaned:
            cleaned[field] = redact(cleaned[field])
    if "questions" in cleaned:
        cleaned["questions"] = [redact(q) for q in cleaned["questions"]]
    return Proposal.objects.create(kind=kind, entry=entry, data=cleaned,
                                   note=redact(clean_text(note))[:5000],
                                   proposed_by=user if user and user.pk else None,
                                   suggestion_ref=clean_text(suggestion_ref)[:64])


def current_data(entry: Entry | None) -> dict:
    if entry is None:
        return {}
    data = versions.snapshot(entry)
    data["review_by"] = entry.review_by.isoformat() if entry.review_by else None
    return data


def proposed_data(proposal: Proposal) -> dict:
    """The entry as it would be if the proposal were approved unchanged."""
    data = dict(current_data(proposal.entry))
    data.update(proposal.data)
    return data


def proposal_diff(proposal: Proposal) -> list[dict]:
    """Field-by-field differences of the proposal against the current entry (or empty)."""
    before = current_data(proposal.entry)
    after = proposed_data(proposal)
    changes = []
    for field in ("title", "answer", "short_answer", "why", "language", "audience", "kind",
                  "questions", *META_FIELDS):
        old, new = before.get(field), after.get(field)
        if old == new or (not old and not new):
            continue
        lines = list(difflib.unified_diff(versions._lines(old), versions._lines(new),
                                          "current", "proposed", lineterm="", n=2))
        changes.append({"field": field, "before": old, "after": new, "diff": lines})
    return changes


def _who(user) -> str:
    if user is None:
        return "someone"
    return user.get_full_name() or user.get_username()


@transaction.atomic
def approve(proposal: Proposal, *, user, edits: dict | None = None) -> Entry:
    """Apply the proposal (with the lead's edits) as one published version, and tell the
    proposer. Raises ValidationError (field messages) on bad edits or personal data."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError({"status": ValidationError(
            f"This proposal is already {proposal.status}.", code="conflict")})
    if settings.SVAR_REQUIRE_REVIEW and user and proposal.proposed_by_id == user.pk:
        raise ValidationError({"__all__": ValidationError(
            "Another lead must review what you proposed.", code="conflict")})
    data = dict(proposal.data)
    edited = False
    if edits:
        cleaned_edits = clean_data(edits, kind=Proposal.Kind.CHANGE)
        base = proposed_data(proposal)
        edited = any(base.get(k) != v for k, v in cleaned_edits.items())
        data.update(cleaned_edits)
    if proposal.kind == Proposal.Kind.NEW:
        clean_data(data, kind=Proposal.Kind.NEW)
        entry = Entry(created_by=proposal.proposed_by)
    else:
        entry = proposal.entry
        if entry is None:
            raise ValidationError({"entry_id": ValidationError(
                "The entry of this proposal no longer exists.", code="conflict")})
    for field in (*TEXT_FIELDS, *CHOICE_FIELDS):
        if field in data:
            setattr(entry, field, data[field])
    if "team" in data:
        entry.team = Team.objects.filter(slug=data["team"]).first() if data["team"] else None
    if "review_by" in data:
        entry.review_by = (datetime.date.fromisoformat(data["review_by"])
                           if data["review_by"] else None)
    message = f"Approved proposal #{proposal.pk} by {_who(proposal.proposed_by)}"
    if proposal.note:
        message += f": {proposal.note}"
    if edited:
        message += " (edited by lead)"
    entry_publish(entry, user=user, message=message, questions=data.get("questions"),
                  topics=data.get("topics"))
    proposal.status = Proposal.Status.APPROVED
    proposal.entry = entry
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    if edited and edits and edits.get("reason"):
        proposal.reason = redact(clean_text(edits["reason"]))[:5000]
    proposal.save()
    log_event(user, "proposal.approved", proposal,
              detail={"entry": entry.pk, "version": entry.version, "edited": edited})
    outcome = f"approved{' with edits' if edited else ''} and published"
    notify(proposal.proposed_by,
           f"Your proposal “{entry.title}” was {outcome} (version {entry.version}).",
           entry=entry, hidden_text=f"Your proposal #{proposal.pk} was {outcome} as "
                                    f"{HIDDEN_ENTRY}.")
    return entry


@transaction.atomic
def reject(proposal: Proposal, *, user, reason: str) -> Proposal:
    reason = redact(clean_text(reason)).strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the agent learns from it."})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.OPEN:
        raise ValidationError({"status": ValidationError(
            f"This proposal is already {proposal.status}.", code="conflict")})
    proposal.status = Proposal.Status.REJECTED
    proposal.reason = reason[:5000]
    proposal.reviewed_by = user
    proposal.reviewed_at = timezone.now()
    proposal.save()
    log_event(user, "proposal.rejected", proposal, detail={"entry": proposal.entry_id})
    title = proposal.data.get("title") or (proposal.entry.title if proposal.entry else "")
    notify(proposal.proposed_by, f"Your proposal “{title}” was not approved: {reason}",
           entry=proposal.entry,
           hidden_text=f"Your proposal #{proposal.pk} was not approved: {reason}")
    return proposal
