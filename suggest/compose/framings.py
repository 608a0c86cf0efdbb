"""The kinds of draft an agent chooses between, each correct on its own."""

from __future__ import annotations

from .context import Context
from .fitting import Plan
from .types import Framing


def _openings(ctx: Context) -> dict[str, str | None]:
    opening = ctx.opening()
    plain = ctx.p("apology") if ctx.negative and ctx.strong_apology and not ctx.abusive else None
    return {"opening": opening, "opening_plain": plain}


def _tail(ctx: Context, *extra: str) -> dict:
    """The tail lines, and how many of them no cut may drop: the move-to-private line."""
    line = ctx.private_line()
    return {"tail": tuple(x for x in (line, *extra) if x), "tail_kept": 1 if line else 0}


def full(ctx: Context, entry, framing: Framing = Framing.FULL) -> Plan:
    """Opening, the whole answer, the move-to-private line where needed, one closing."""
    return Plan(framing, entry, **_openings(ctx), body=entry.body, **_tail(ctx),
                closing=ctx.p("closing") if ctx.warm else None, emoji=ctx.warm)


def short(ctx: Context, entry) -> Plan | None:
    """Only what the entry says for this case: its short answer, or the sentences of the
    answer that concern the question. ``None`` when that is the whole answer."""
    body = entry.short or entry.body.focused(ctx.focus, ctx.lang, ctx.terms)
    if body is None:
        return None
    return Plan(Framing.SHORT, entry, **_openings(ctx), body=body, **_tail(ctx))


def follow_up(ctx: Context, entry) -> Plan:
    """The short answer and an open door: for when the agent is not sure it is all."""
    body = entry.short or entry.body.focused(ctx.focus, ctx.lang, ctx.terms) or entry.body
    return Plan(Framing.FOLLOW_UP, entry, **_openings(ctx), body=body,
                **_tail(ctx, ctx.p("follow_up")))


def private_first(ctx: Context) -> Plan:
    """Move the case to a private channel (a public message that is upset or holds personal
    data): sorry or thanks, then the invitation; no half answer."""
    line = ctx.private_line() or ctx.p("private")
    openings = _openings(ctx)
    if ctx.personal_data:  # the privacy notice comes first
        return Plan(Framing.PRIVATE_FIRST, None, lead=(line,))
    return Plan(Framing.PRIVATE_FIRST, None, opening=openings["opening_plain"]
                or openings["opening"], tail=(line,))


def clarify(ctx: Context, brief: bool = False) -> Plan:
    """No clear topic (or no usable entry): ask what it is about, never guess."""
    opening = None if ctx.negative or ctx.abusive else ctx.p(
        "ack_message_formal" if ctx.formal else "ack_message")
    if ctx.negative and not ctx.abusive:
        opening = ctx.p("apology")
    return Plan(Framing.CLARIFY, None, opening=None if brief else opening,
                tail=(ctx.p("ask_details_short" if brief else "ask_details"),))


def moderation(ctx: Context, entry, confident: bool) -> Plan:
    """Calm, short, no arguing: the guidelines, the answer if there was a real question, help."""
    lead = ctx.p("moderation" if ctx.public else "moderation_private")
    help_line = ctx.p("moderation_help" if ctx.public else "moderation_help_here")
    body = (entry.short or entry.body.focused(ctx.focus, ctx.lang, ctx.terms) or entry.body) \
        if entry is not None and confident else None
    return Plan(Framing.MODERATION, entry if body else None, lead=(lead,), body=body,
                tail=(help_line,), body_optional=True)
