"""A draft plan, its rendering, and shortening it just enough for the channel.

On a tight channel (an X reply: 280 characters) the extras go first (emoji, closing, the
thank-you line, a strong apology becomes a plain one), then trailing sentences of the answer;
the greeting with the first name and the sign-off stay unless nothing else is left to cut.
A cut never ends the answer on a lead-in ("Slik gjør du:") or drops the line that says a
public comment was hidden; a draft that cannot fit then is over length, and another is shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from text.personal_data import find_personal_data
from text.plaintext import LIST_ITEM

from . import channels, types
from .body import Body
from .context import Context
from .types import Draft, Framing

# Support e-mail addresses and phone numbers are normal in handbook answers; these are not.
_NEVER_IN_A_REPLY = frozenset({"national-id", "card", "iban"})


@dataclass(frozen=True)
class Plan:
    framing: Framing
    entry: object | None = None  # composer.PreparedEntry
    lead: tuple[str, ...] = ()  # before everything else (the privacy notice)
    opening: str | None = None  # thanks, or an apology
    opening_plain: str | None = None  # what a strong apology shrinks to
    body: Body | None = None
    tail: tuple[str, ...] = ()
    closing: str | None = None
    emoji: bool = False
    body_optional: bool = False  # the lead/tail carry the message; the answer is a bonus
    tail_kept: int = 0  # tail lines no cut may drop (the hide-and-move line on a public post)


@dataclass(frozen=True)
class Trim:
    emoji: bool = True
    closing: bool = True
    opening: str = "full"  # full | plain | none
    units: int | None = None
    tail: int | None = None  # how many tail lines to keep (the first, a privacy line, last)
    body: bool = True
    greeting: str = "name"  # name | anon
    signoff: bool = True


def trims(plan: Plan) -> Iterator[Trim]:
    """Ever shorter variants; the first that fits wins."""
    trim = replace(Trim(), emoji=False, closing=False)
    yield trim
    trim = replace(trim, opening="plain" if plan.opening_plain else "none")
    yield trim
    size = plan.body.size if plan.body else 1
    for keep in range(size - 1, 0, -1):
        if plan.body and plan.body.ends_on_lead_in(keep):
            continue  # "It's one of these:" without what follows says nothing
        trim = replace(trim, units=keep)
        yield trim
    trim = replace(trim, opening="none")
    yield trim
    if plan.body_optional and plan.body:
        yield replace(trim, body=False)
    for keep in range(len(plan.tail) - 1, plan.tail_kept - 1, -1):
        trim = replace(trim, tail=keep)
        yield trim
    for step in ({"greeting": "anon"}, {"signoff": False}):
        trim = replace(trim, **step)
        yield trim


def greeting(ctx: Context, level: str) -> str:
    suffix = "_formal" if ctx.formal else ""
    if level == "name" and ctx.customer:
        text = ctx.p("greeting_name" + suffix, name=ctx.customer)
    else:
        text = ctx.p("greeting_anon" + suffix)
    if ctx.compact and text.endswith(","):
        text = text[:-1] + ("." if ctx.formal else "!")
    return " ".join(part for part in (ctx.mention, text) if part)


def render(ctx: Context, plan: Plan, trim: Trim) -> str:
    opening = {"full": plan.opening, "plain": plan.opening_plain or plan.opening,
               "none": None}[trim.opening]
    intro = [*plan.lead, *([opening] if opening else [])]
    body = plan.body if trim.body else None
    parts = [
        " ".join(intro),
        body.render(trim.units, ctx.compact) if body else "",
        " ".join(plan.tail[:trim.tail]),
        plan.closing if trim.closing and plan.closing else "",
    ]
    if plan.emoji and trim.emoji and ctx.emoji:
        last = max((i for i, part in enumerate(parts) if part), default=None)
        if last is not None:
            parts[last] += f" {ctx.emoji}"
    signoff = (ctx.signoff_compact if ctx.compact else ctx.signoff) if trim.signoff else ""
    blocks = [greeting(ctx, trim.greeting), *parts, signoff]
    blocks = [block.strip() for block in blocks if block and block.strip()]
    if not ctx.compact:
        return "\n\n".join(blocks)
    text = ""
    for block in blocks:
        if text:
            last_line = text.rsplit("\n", 1)[-1]
            text += "\n" if LIST_ITEM.match(last_line) or LIST_ITEM.match(block) else " "
        text += block
    return text


def finish(ctx: Context, plan: Plan) -> Draft:
    """Render the plan, shortened just enough for the channel, with its warnings."""
    trim, over = Trim(), False
    text = render(ctx, plan, trim)
    if ctx.limit is not None and not channels.fits(text, ctx.channel):
        over = True
        for trim in trims(plan):  # the fitting trim decides whether the entry was used
            text = render(ctx, plan, trim)
            if channels.fits(text, ctx.channel):
                over = False
                break
    entry = plan.entry if plan.entry is not None and plan.body and trim.body else None
    warnings = [*ctx.warnings, *(entry.warnings if entry else ())]
    if over:
        warnings.append(types.OVER_LENGTH)
    if any(f.kind in _NEVER_IN_A_REPLY for f in find_personal_data(text)):
        warnings.append(types.CONTAINS_PERSONAL_DATA)
    entry_id = entry.entry_id if entry else None
    return Draft(text, entry_id, str(plan.framing), tuple(dict.fromkeys(warnings)))
