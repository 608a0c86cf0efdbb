"""Re-sign stored drafts for another agent. Drafts written before anyone was assigned end
with the team sign-off ("Hilsen Fjordtel"); when an agent takes the conversation the
drafts should end with theirs. Only the sign-off changes: no retrieval, no composing, no
usage counted again (the composer's own sign-off rule, suggest.compose.context.build, says
what each sign-off reads)."""

from __future__ import annotations

from django.db import transaction

from suggest.compose.context import build
from suggest.compose.types import Situation
from suggest.models import Suggestion
from suggest.service import agent_name, voice

#: Draft key holding the agent name a draft is signed with ("" = the team sign-off).
SIGNED_AS = "signed_as"


def _signoffs(suggestion: Suggestion, language: str, name: str, brand_voice) -> tuple[str, str]:
    ctx = build(Situation(language=language, customer_name=suggestion.customer_name,
                          agent_name=name, channel=suggestion.channel,
                          public=suggestion.public), brand_voice)
    return ctx.signoff, ctx.signoff_compact


def resigned(suggestion: Suggestion, agent) -> list[dict]:
    """The suggestion's drafts signed by `agent` (not saved). A draft whose ending is not a
    sign-off Svar wrote (trimmed to fit, or the voice changed since) is left as it is."""
    new_name = agent_name(agent)
    brand_voice = voice()
    out = []
    for draft in suggestion.drafts:
        draft = dict(draft)
        old_name = draft.get(SIGNED_AS, agent_name(suggestion.agent))
        languages = dict.fromkeys([(draft.get("entry") or {}).get("language"),
                                   suggestion.language])
        text = draft.get("text", "")
        for language in filter(None, languages):
            old = _signoffs(suggestion, language, old_name, brand_voice)
            new = _signoffs(suggestion, language, new_name, brand_voice)
            ending = next(((o, n) for o, n in zip(old, new, strict=True)
                           if o and text.endswith(o)), None)
            if ending:
                draft["text"] = text[:len(text) - len(ending[0])] + ending[1]
                draft[SIGNED_AS] = new_name
                break
        out.append(draft)
    return out


@transaction.atomic
def resign(suggestion: Suggestion, agent) -> bool:
    """Store the drafts signed by `agent`, unless the agent already acted on them (the
    feedback then refers to the drafts as they were). True if anything changed."""
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.feedback.exists():
        return False
    drafts = resigned(suggestion, agent)
    if drafts == suggestion.drafts:
        return False
    suggestion.drafts = drafts
    suggestion.save(update_fields=["drafts"])
    return True
