"""The flow of one suggestion (DESIGN.md): analyse → ask the handbook → compose → store.

Only this module talks to the handbook, through kb's narrow services (`kb.search.service`
and `kb.loop.intake`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from kb.loop import intake
from kb.models import BrandVoice, Entry
from kb.search import service as kb_search
from kb.search.text import stemmed_terms
from suggest import fallback
from suggest.analysis import Analysis, analyse, without_personal_data
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
from text.plaintext import markdown_to_plain

MODERATION_GROUP = "moderation-policy"
MAX_DRAFTS = 3


@dataclass(frozen=True)
class Outcome:
    suggestion: Suggestion
    analysis: Analysis
    guidance: list[dict]  # internal entries the agent should read (never drafted)
    notice: str | None = None  # why there is no draft, when there is a reason to say
    translation_missing: dict | None = None  # {"entry", "language"} when the policy said ask


def voice(brand: BrandVoice | None = None) -> Voice:
    v = brand or BrandVoice.current()
    return Voice(brand=v.brand, formal=v.formal, emoji=v.emoji, signoffs=v.signoffs or {})


def agent_name(user) -> str:
    return (getattr(user, "first_name", "") or getattr(user, "username", "") or "").strip()


def _situation(analysis: Analysis, *, customer_name: str, agent, channel: str,
               public: bool) -> Situation:
    return Situation(
        language=analysis.language, customer_name=customer_name, agent_name=agent_name(agent),
        channel=channel, public=public, tone=analysis.tone.level,
        escalating=analysis.tone.escalating, move_private=analysis.move_private,
        move_private_reasons=analysis.move_private_reasons,
        personal_data_kinds=tuple(sorted({f.kind for f in analysis.personal_data})),
        focus=analysis.focus, is_question=analysis.is_question, vague=analysis.vague,
    )


#: Characters of each earlier turn added to the search text.
HISTORY_TURN_CHARS = 300


def search_text(message: str, history: list[str] | None) -> str:
    """The customer's message first, then the last two turns, each cut short: the encoders
    read only the first few hundred word pieces, and those must be the message's."""
    turns = [without_personal_data(redact(t))[:HISTORY_TURN_CHARS] for t in (history or [])[-2:]]
    return " ".join([message] + [t for t in turns if t.strip()])


def _search(message: str, history: list[str] | None, lang: str, agent):
    """The message's own answer first; only a message that finds none on its own (a terse
    follow-up: "and in Spain?") is searched again with the earlier turns, so a long history
    about something else never outweighs what the customer asks now."""
    audiences = (kb_search.PUBLIC, kb_search.ALL)
    found = kb_search.search_audiences(message, audiences=audiences, language=lang,
                                       user=agent, k=3)
    if history and found[kb_search.PUBLIC].abstained:
        with_history = search_text(message, history)
        if with_history != message:
            found = kb_search.search_audiences(with_history, audiences=audiences,
                                               language=lang, user=agent, k=3)
    return found


def suggest_reply(*, text: str, customer_name: str, channel: str, public: bool, agent,
                  language: str | None = None, history: list[str] | None = None) -> Outcome:
    brand = BrandVoice.current()
    analysis = analyse(text, public=public, language_hint=language,
                       home_language=brand.home_language or None)
    lang = analysis.language
    found = _search(analysis.matching_text, history, lang, agent)
    result, guidance = found[kb_search.PUBLIC], found[kb_search.ALL]
    internal_hits = [h for h in guidance.hits
                     if h.entry.audience == Entry.Audience.INTERNAL and not guidance.abstained]

    candidates, missing = [], None
    if not result.abstained and not analysis.vague:
        candidates, missing = _in_one_language(result, lang, brand.language_fallbacks, agent)
    # Abusive messages get the moderation framing; the (internal) moderation policy is cited
    # for the agent but its text is never drafted to the customer.
    moderation = _moderation_entry(lang, agent) if analysis.tone.level == "abusive" else None
    situation = _situation(analysis, customer_name=customer_name, agent=agent,
                           channel=channel, public=public)
    drafts = []
    if candidates or moderation is not None or analysis.vague:
        cited = candidates + ([_candidate(moderation, 1.0)] if moderation else [])
        drafts = _drafts(situation, candidates, cited, moderation, brand)
    abstained = not any(d["entry"] for d in drafts)
    nearest = [_entry_json(h.entry) | {"score": round(h.score, 4)} for h in result.hits[:3]]
    notice = translation = None
    if missing is not None and not candidates:
        translation = {"entry": missing.pk, "language": lang}
        notice = (f"The decision \"{missing.title}\" has no translation the brand's policy "
                  f"allows for {lang}: the leads have been asked for a translation.")
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
        if missing is not None:
            intake.request_translation(entry_id=missing.pk, language=lang, channel=channel)
        if abstained or result.confidence < kb_search.abstain_threshold() + 0.1:
            intake.record_unanswered(text=analysis.redacted_text, language=lang, channel=channel,
                                   confidence=result.confidence, abstained=abstained,
                                   suggestion_ref=str(suggestion.pk))
    guidance_json = [_guidance_json(h.entry) for h in internal_hits]
    return Outcome(suggestion, analysis, guidance_json, notice, translation)


def _drafts(situation: Situation, candidates: list[Candidate], cited: list[Candidate],
            moderation: Entry | None, brand: BrandVoice) -> list[dict]:
    composed = compose_drafts(situation, candidates, voice(brand), max_drafts=MAX_DRAFTS,
                              low_confidence=kb_search.abstain_threshold() + 0.1,
                              terms=stemmed_terms)
    fitting = [d for d in composed if OVER_LENGTH not in d.warnings]
    # A draft the channel would refuse is only worth showing when nothing else fits.
    return [_safe_draft(d, cited, moderation) for d in (fitting or composed)]


def draft_from_entry(suggestion: Suggestion, entry: Entry, *, agent) -> list[dict]:
    """Drafts from an entry the agent picked among the nearest (Svar had abstained): the
    stored (redacted) message analysed again, the entry in the customer's language or the
    policy's fallback. Replaces the suggestion's drafts."""
    brand = BrandVoice.current()
    analysis = analyse(suggestion.text, public=suggestion.public,
                       language_hint=suggestion.language)
    analysis = replace(analysis, vague=False, language=suggestion.language)
    group = {e.language: e for e in Entry.objects.published().visible_to(agent)
             .filter(translation_group=entry.translation_group)}
    group.setdefault(entry.language, entry)
    chosen = fallback.choose(brand.language_fallbacks, suggestion.language, group) \
        or entry.language
    candidate = _candidate(group[chosen], 1.0)
    situation = _situation(analysis, customer_name=suggestion.customer_name, agent=agent,
                           channel=suggestion.channel, public=suggestion.public)
    drafts = _drafts(situation, [candidate], [candidate], None, brand)
    for d in drafts:
        d["warnings"] = list(dict.fromkeys([*d["warnings"], "picked-by-agent"]))
    suggestion.drafts = drafts
    suggestion.abstained = not any(d["entry"] for d in drafts)
    suggestion.save(update_fields=["drafts", "abstained"])
    return drafts


def _in_one_language(result, language: str, policy, user) -> tuple[list[Candidate], Entry | None]:
    """The hits as candidates all in one language: the customer's when the best decision
    has it, else the brand's fallback for it (``missing`` is then the best entry: its
    decision lacks the customer's language). No candidates and ``missing`` set: the policy
    says to ask for a translation."""
    hits = result.hits
    groups = {h.entry.translation_group for h in hits}
    by_group: dict[str, dict[str, Entry]] = {}
    for e in Entry.objects.published().filter(translation_group__in=groups,
                                              audience=Entry.Audience.PUBLIC):
        by_group.setdefault(e.translation_group, {})[e.language] = e
    for h in hits:
        by_group.setdefault(h.entry.translation_group, {}).setdefault(h.entry.language, h.entry)
    top = hits[0].entry
    available = by_group[top.translation_group]
    draft_language = fallback.choose(policy, language, available)
    missing = None if language in available else top
    if draft_language is None:
        return [], missing
    scored = _candidates(result)
    out, seen = [], set()
    for hit, scored_candidate in zip(hits, scored, strict=True):
        entry = by_group.get(hit.entry.translation_group, {}).get(draft_language)
        if entry is None or entry.pk in seen:
            continue
        seen.add(entry.pk)
        out.append(_candidate(entry, scored_candidate.confidence))
    return out, missing


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


def _guidance_json(entry: Entry) -> dict:
    """Internal guidance with its rule itself, not just the why, and where to read it."""
    return _entry_json(entry) | {"rule": markdown_to_plain(entry.answer), "answer": entry.answer,
                                 "short_answer": entry.short_answer,
                                 "url": handbook_url(entry.pk)}


def handbook_url(entry_id: int) -> str:
    return reverse("handbook:entry", args=[entry_id])


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
                 "language": candidate.language, "url": handbook_url(candidate.entry_id)}
    return {"text": text, "entry": entry, "framing": draft.framing,
            "confidence": round(candidate.confidence, 4) if candidate else None,
            "warnings": list(dict.fromkeys(warnings))}


USAGE_EVENT = {Feedback.Action.SENT: "sent_as_is", Feedback.Action.SENT_EDITED: "sent_edited",
               Feedback.Action.REJECTED: "rejected"}


@transaction.atomic
def record_feedback(suggestion: Suggestion, *, agent, action: str, draft_index: int | None,
                    final_text: str = "", reason: str = "", reason_code: str = ""
                    ) -> tuple[Feedback, bool]:
    """Store what the agent did: one outcome per suggestion. A later click replaces the
    outcome, and the entry's counters follow (the old outcome is taken back, the new one
    counted), so clicking "Mark sent" twice counts once. Sent drafts teach the entry the
    customer's wording. Returns the feedback and whether it was new."""
    Suggestion.objects.select_for_update().filter(pk=suggestion.pk).values_list("pk").get()
    draft = suggestion.drafts[draft_index] if draft_index is not None else None
    entry_id = ((draft or {}).get("entry") or {}).get("id")
    values = {"agent": agent, "action": action, "draft_index": draft_index,
              "entry_id_used": entry_id,
              "entry_version": ((draft or {}).get("entry") or {}).get("version"),
              "final_text": redact(final_text or (draft or {}).get("text", "")),
              "reason": redact(reason), "reason_code": reason_code}
    feedback = Feedback.objects.filter(suggestion=suggestion).first()
    if feedback is None:
        return _count(Feedback.objects.create(suggestion=suggestion, **values), suggestion,
                      harvest=True), True
    before = (feedback.action, feedback.draft_index, feedback.entry_id_used)
    Feedback.objects.filter(pk=feedback.pk).update(**values)
    if before[:2] == (action, draft_index):
        feedback.refresh_from_db()
        return feedback, False  # the same outcome again: counted already
    if before[2]:
        intake.unrecord_use(before[2], USAGE_EVENT[before[0]],
                          on=timezone.localdate(feedback.updated_at))
    Feedback.objects.filter(pk=feedback.pk).update(updated_at=timezone.now())
    feedback.refresh_from_db()
    sent_before = before[0] != Feedback.Action.REJECTED and before[2] == entry_id
    return _count(feedback, suggestion, harvest=not sent_before), False


def _count(feedback: Feedback, suggestion: Suggestion, *, harvest: bool) -> Feedback:
    intake.mark_answered(str(suggestion.pk), feedback.action != Feedback.Action.REJECTED)
    entry_id = feedback.entry_id_used
    if entry_id and Entry.objects.filter(pk=entry_id).exists():
        intake.record_use(entry_id, USAGE_EVENT[feedback.action])
        if harvest and feedback.action != Feedback.Action.REJECTED and suggestion.text:
            intake.harvest_wording(entry_id, suggestion.text, language=suggestion.language)
    return feedback
