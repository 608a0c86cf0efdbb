"""Markdown handbook answers -> plain text: for social media (``markdown_to_plain``), as one
line for result snippets and meta descriptions (``markdown_to_line``), plus sentence
splitting.

Social platforms show neither Markdown nor HTML, so answers keep their shape with plain means:
paragraphs separated by a blank line, list items as "- " lines, links as "text (url)".
Placeholders such as ``{customer_first_name}`` survive conversion untouched.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import markdown
import nh3

from text.placeholders import PLACEHOLDER

_SLOT_OPEN, _SLOT_CLOSE = "\ue000", "\ue001"
_SLOT = re.compile(f"{_SLOT_OPEN}(\\d+){_SLOT_CLOSE}")
# Python-Markdown uses STX/ETX internally; other control characters have no business here.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000\ue001]")
_BLOCKS = frozenset(
    {"p", "div", "blockquote", "table", "tr", "ul", "ol", "hr"} | {f"h{n}" for n in range(1, 7)}
)
_SKIP = frozenset({"script", "style", "head", "title"})
LIST_ITEM = re.compile(r"^\s*(?:- |\d+\. )")


def _bare(url: str) -> str:
    """Treat "https://www.fjordtel.no/" and "fjordtel.no" as the same link for a reader."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.strip().lower()).rstrip("/")


class _TextWriter(HTMLParser):
    """Walks Markdown's HTML output and writes the plain-text equivalent."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int | None]] = []  # stack of [counter or None for bullets]
        self.links: list[tuple[str, int]] = []  # (href, position in out)
        self.skipping = 0
        self.pre = 0

    def _newline(self, count: int) -> None:
        self.out.append("\n" * count)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "pre":
            self.pre += 1
            self._newline(2)
        elif tag in ("ul", "ol"):
            self._newline(1 if self.lists else 2)
            self.lists.append([1 if tag == "ol" else None])
        elif tag == "li":
            indent = "  " * max(len(self.lists) - 1, 0)
            counter = self.lists[-1] if self.lists else [None]
            if counter[0] is None:
                marker = "- "
            else:
                marker = f"{counter[0]}. "
                counter[0] += 1
            self.out.append(f"\n{indent}{marker}")
        elif tag == "br":
            self._newline(1)
        elif tag == "p" and self.lists:
            self.out.append(" ")  # loose list items wrap their text in <p>; keep one line
        elif tag in _BLOCKS:
            self._newline(2)
        elif tag == "a":
            self.links.append((attr.get("href") or "", len(self.out)))
        elif tag == "img" and attr.get("alt"):
            self.out.append(attr["alt"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag == "pre":
            self.pre = max(self.pre - 1, 0)
            self._newline(2)
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._newline(2)
        elif tag == "p" and self.lists:
            self.out.append(" ")
        elif tag in _BLOCKS:
            self._newline(2)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = "".join(self.out[start:]).strip()
            target = re.sub(r"^(mailto|tel):", "", href.strip(), flags=re.IGNORECASE)
            if target and text and _bare(target) != _bare(text):
                self.out.append(f" ({target})")
            elif target and not text:
                self.out.append(target)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            # as in HTML, source newlines are just spaces (except inside <pre>)
            self.out.append(data if self.pre else data.replace("\n", " "))


def _tidy(text: str) -> str:
    lines = []
    for raw in text.split("\n"):
        indent = re.match(r"^ *", raw).group(0) if LIST_ITEM.match(raw) else ""
        lines.append(indent + " ".join(raw.split()))
    text = "\n".join(lines).strip()
    text = re.sub(r"\n(?:[ \t]*\n)+", "\n\n", text)
    # a list stays attached to the sentence that introduces it ("Slik gjør du:")
    return re.sub(r"\n\n(?=\s*(?:- |\d+\. ))", "\n", text)


@functools.lru_cache(maxsize=2048)
def markdown_to_plain(md: str) -> str:
    """Render Markdown as readable plain text (see module docstring for the conventions).
    Cached: a suggestion renders the same few answers again and again (~1.5 ms each)."""
    slots: list[str] = []

    def protect(match: re.Match[str]) -> str:
        slots.append(match.group(0))
        return f"{_SLOT_OPEN}{len(slots) - 1}{_SLOT_CLOSE}"

    source = PLACEHOLDER.sub(protect, _CONTROL.sub("", md or ""))
    writer = _TextWriter()
    writer.feed(markdown.markdown(source, extensions=["sane_lists"]))
    writer.close()
    text = _tidy("".join(writer.out))
    return _SLOT.sub(lambda m: slots[int(m.group(1))], text)


def markdown_to_line(md: str) -> str:
    """The text of rendered Markdown on one line: no tags, entities decoded ("&nbsp;" is a
    space, "&amp;" an ampersand), whitespace collapsed."""
    rendered = markdown.markdown(_CONTROL.sub("", md or ""), output_format="html")
    return " ".join(html.unescape(nh3.clean(rendered, tags=set())).split())


# fmt: off
_ABBREVIATIONS = frozenset({
    "f.eks", "bl.a", "t.ex", "e.g", "i.e", "ca", "nr", "tlf", "evt", "osv", "mm", "dvs", "etc",
    "mr", "mrs", "ms", "dr", "st", "kl", "jf", "jfr", "inkl", "ekskl", "mv", "vs", "no",
    "p.g.a", "t.o.m", "fr.o.m", "m.a", "esim", "ks", "yms", "jne", "eg", "ie", "approx",
    "incl",
})
# fmt: on
_BOUNDARY = re.compile(r"[.!?…]+[\"»”’')\]]*\s+")
_SENTENCE_START = re.compile(r"[\"«“„(\[–—-]?\s*[^\W_a-zæøåäöü]", re.UNICODE)


def split_sentences(line: str) -> list[str]:
    """Split one line into sentences, conservatively: a boundary needs end punctuation,
    whitespace and a capital (or digit) after it, and must not follow a known abbreviation."""
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        before = line[start : match.start()].rsplit(None, 1)
        last_word = before[-1].lower() if before else ""
        if last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha()):
            continue
        nxt = line[match.end() :]
        if not nxt or not _SENTENCE_START.match(nxt) or nxt[0].islower():
            continue
        sentences.append(line[start : match.end()].strip())
        start = match.end()
    rest = line[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences
