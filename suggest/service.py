"""The flow of one suggestion (DESIGN.md): analyse → ask the handbook → compose → store.

Only this module talks to the handbook, through kb's narrow services (`kb.search.service`
and `kb.loop.intake`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kb.loop import intake
from kb.models import BrandVoice, Entry
from kb.search import service as kb_search
from suggest.analysis import Analysis, analyse
from suggest.compose.composer import compose_drafts
from suggest.compose.types import (
    CONTAINS_PERSONAL_DATA,
    OVER_LENGTH,
    Candidate,
    Situation,
    Voice,
)
from suggest.models import Feedback, Suggestion
from text.personal_data import find_personal_data, redact

MODERATION_GROUP = "moderation-policy"
MAX_DRAFTS = 3


@dataclass(frozen=True)
class Outcome:
    suggestion: Suggestion
    analysis: Analysis
    guidance: list[dict]  # internal entries the agent should read (never drafted)


def voice() -> Voice:
    v = BrandVoice.current()
    return Voice(brand=v.brand, formal=v.formal, emoji=v.emoji, signoffs=v.signoffs or {})


def agent_name(user) -> str:
    return (getattr(user, "first_name", "") or getattr(user, "username", "") or "").strip()


def suggest_reply(*, text: str, customer_name: str, channel: str, public: bool, agent,
                  language: str | None = None, history: list[str] | None = None) -> Outcome:
    analysis = analyse(text, public=public, language_hint=language)
    lang = analysis.language
    query = analysis.redacted_text
    if history:
        # Earlier turns help a terse follow-up ("and in Spain?") find its topic.
        query = " ".join([redact(t) for t in history[-2:]] + [query])
    found = kb_search.search_audiences(query, audiences=(kb_search.PUBLIC, kb_search.ALL),
                                       language=lang, user=agent, k=3)
    result, guidance = found[kb_search.PUBLIC], found[kb_search.ALL]
    internal_hits = [h for h in guidance.hits
                     if h.entry.audience == Entry.Audience.INTERNAL and not guidance.abstained]

    candidates = [] if result.abstained else _candidates(result)
    # Abusive messages get the moderation framing; the (internal) moderation policy is cited
    # for the agent but its text is never drafted to the customer.
    moderation = _moderation_entry(lang, agent) if analysis.tone.level == "abusive" else None
    situation = Situation(
        language=lang, customer_name=customer_name, agent_name=agent_name(agent),
        channel=channel, public=public, tone=analysis.tone.level,
        escalating=analysis.tone.escalating, move_private=analysis.move_private,
        move_private_reasons=analysis.move_private_reasons,
        personal_data_kinds=tuple(sorted({f.kind for f in analysis.personal_data})),
    )
    drafts = []
    if candidates or moderation is not None:
        composed = compose_drafts(situation, candidates, voice(), max_drafts=MAX_DRAFTS,
                                  low_confidence=kb_search.abstain_threshold() + 0.1)
        cited = candidates + ([_candidate(moderation, 1.0)] if moderation else [])
        fitting = [d for d in composed if OVER_LENGTH not in d.warnings]
        # A draft the channel would refuse is only worth showing when nothing else fits.
        drafts = [_safe_draft(d, cited, moderation) for d in (fitting or composed)]
    abstained = not any(d["entry"] for d in drafts)
    nearest = [_entry_json(h.entry) | {"score": round(h.score, 4)} for h in result.hits[:3]]
    with transaction.atomic():
        suggestion = Suggestion.objects.create(
            agent=agent if getattr(agent, "pk", None) else None, channel=channel, public=public,
            customer_name=redact(customer_name)[:200], text=analysis.redacted_text,
            language=lang,
            tone=analysis.tone.level, analysis=analysis.as_json(), abstained=abstained,
            confidence=round(result.confidence, 4), drafts=drafts,
            nearest=nearest if abstained else [],
        )
        for entry_id in {d["entry"]["id"] for d in drafts if d.get("entry")}:
            intake.record_use(entry_id, "suggested")
        if abstained or result.confidence < kb_search.abstain_threshold() + 0.1:
            intake.record_unanswered(text=analysis.redacted_text, language=lang, channel=channel,
                                   confidence=result.confidence, abstained=abstained)
    return Outcome(suggestion, analysis, [_entry_json(h.entry) for h in internal_hits])


def _candidates(result) -> list[Candidate]:
    top = result.hits[0].score if result.hits else 1.0
    out = []
    for i, hit in enumerate(result.hits):
        # Calibration says how sure the best match is; a later hit is less likely the
        # answer than its own score alone suggests, so it gets a share of the first's.
        confidence = result.confidence if i == 0 else result.confidence * min(
            1.0, max(0.0, hit.score / top if top else 0.0))
        out.append(_candidate(hit.entry, confidence))
    return out


def _candidate(entry: Entry, confidence: float) -> Candidate:
    return Candidate(entry_id=entry.pk, version=entry.version, title=entry.title,
                     answer=entry.answer, short_answer=entry.short_answer, why=entry.why,
                     language=entry.language, confidence=float(confidence))


def _moderation_entry(language: str, user) -> Entry | None:
    pool = Entry.objects.published().visible_to(user).filter(translation_group=MODERATION_GROUP)
    return pool.filter(language=language).first() or pool.filter(language="en").first() \
        or pool.first()


def _entry_json(entry: Entry) -> dict:
    return {"id": entry.pk, "version": entry.version, "title": entry.title, "why": entry.why,
            "language": entry.language, "audience": entry.audience}


def _safe_draft(draft, candidates: list[Candidate], moderation: Entry | None) -> dict:
    """Last line of defence: a draft never carries personal data, whatever its source."""
    text, warnings = draft.text, list(draft.warnings)
    if find_personal_data(text):
        text = redact(text)
        warnings.append(CONTAINS_PERSONAL_DATA)
    entry_id = draft.entry_id
    if draft.framing == "moderation" and moderation is not None:
        entry_id = moderation.pk
    candidate = next((c for c in candidates if c.entry_id == entry_id), None)
    entry = None
    if candidate is not None:
        entry = {"id": candidate.entry_id, "version": candidate.version,
                 "title": candidate.title, "why": candidate.why,
                 "language": candidate.language}
    return {"text": text, "entry": entry, "framing": draft.framing,
            "confidence": round(candidate.confidence, 4) if candidate else None,
            "warnings": list(dict.fromkeys(warnings))}


def record_feedback(suggestion: Suggestion, *, agent, action: str, draft_index: int | None,
                    final_text: str = "", reason: str = "") -> Feedback:
    """Store what the agent did; sent drafts count for their entry and teach it the wording."""
    draft = suggestion.drafts[draft_index] if draft_index is not None else None
    entry = (draft or {}).get("entry") or {}
    feedback = Feedback.objects.create(
        suggestion=suggestion, agent=agent, action=action, draft_index=draft_index,
        entry_id_used=entry.get("id"), entry_version=entry.get("version"),
        final_text=redact(final_text or (draft or {}).get("text", "")), reason=redact(reason),
    )
    if entry.get("id") and Entry.objects.filter(pk=entry["id"]).exists():
        event = {Feedback.Action.SENT: "sent_as_is", Feedback.Action.SENT_EDITED: "sent_edited",
                 Feedback.Action.REJECTED: "rejected"}[action]
        intake.record_use(entry["id"], event)
        if action != Feedback.Action.REJECTED and suggestion.text:
            intake.harvest_wording(entry["id"], suggestion.text, language=suggestion.language)
    return feedback
