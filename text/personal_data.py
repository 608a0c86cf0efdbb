"""Find and redact personal data in customer messages before they are stored or reused.

Everything that has a checksum is validated with python-stdnum, so ordinary numbers (order
numbers, prices, dates) are not flagged just because they are long. Phone numbers come from
the ``phonenumbers`` library, which knows the Nordic numbering plans, plus a few filters
for numbers it would otherwise accept (dates, reference numbers, amounts, ID look-alikes).

Danish CPR: since 2007 CPR numbers are issued that fail the old modulus-11 check, so a
number written the official way, ``DDMMYY-SSSS`` (dash or space) with a real date, is
accepted without the checksum; written as ten bare digits it must pass modulus 11 as well,
because ten digits with a plausible date are otherwise far too common (phone numbers,
references). Dates written with dots ("15.05.85 10170") are read as the same digits.

Addresses are matched "where feasible": a conservative pattern for Nordic street names
("Storgata 5", "Karl Johans gate 22", "Mannerheimintie 5 A 12, 00100 Helsinki"). It will
miss addresses without a recognisable street suffix; it should rarely flag anything else.

All patterns are linear-time (bounded repetitions, no nested unbounded quantifiers).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.dk import cpr
from stdnum.fi import hetu
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

KINDS: tuple[str, ...] = ("email", "phone", "national-id", "card", "iban", "address")

# On overlap the more specific kind wins (lower rank), then the longer match.
_RANK = {"email": 0, "iban": 1, "card": 2, "national-id": 3, "phone": 4, "address": 5}

PHONE_REGIONS: tuple[str, ...] = ("NO", "SE", "DK", "FI", "GB")


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: ``text == source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str


# --- e-mail -----------------------------------------------------------------------------

# The lookbehind stops the local part from being retried at every character of a long word.
_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-]+(?:\.[\w%+-]+)*"
    r"@(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,63}(?![\w-])"
)


def _find_emails(text: str) -> Iterator[Finding]:
    for m in _EMAIL.finditer(text):
        yield Finding("email", m.start(), m.end(), m.group())


# --- IBAN -------------------------------------------------------------------------------

_IBAN = re.compile(r"(?<![^\W_])[A-Za-z]{2}[0-9]{2}(?:[ \u00a0]?[A-Za-z0-9]){10,30}(?![^\W_])")
_IBAN_PART = re.compile(r"[A-Za-z0-9]+")


def _find_ibans(text: str) -> Iterator[Finding]:
    """Try each candidate and its shorter space-delimited prefixes ("NO93 8601 1117 947 og")."""
    pos = 0
    while m := _IBAN.search(text, pos):
        parts = [p.span() for p in _IBAN_PART.finditer(text, m.start(), m.end())]
        found = None
        for k in range(len(parts), 0, -1):
            end = parts[k - 1][1]
            candidate = text[m.start() : end]
            if 15 <= len(candidate.replace(" ", "").replace("\u00a0", "")) <= 34 and (
                stdnum_iban.is_valid(candidate.upper())
            ):
                found = Finding("iban", m.start(), end, candidate)
                break
        if found:
            yield found
            pos = found.end
        else:
            pos = m.start() + 1


# --- digit groups: cards and national identity numbers ----------------------------------

_DIGIT_CHUNK = re.compile(r"(?<![0-9])[0-9]+(?:[ \u00a0+-][0-9]+)*(?![0-9])")
_DIGITS = re.compile(r"[0-9]+")

# Issuer identification number prefixes (first digits) of the card schemes seen in the
# Nordics: Visa, Mastercard (51-55, 2221-2720), Amex, Diners, Discover, JCB, Maestro and
# Dankort (50, 56-69), UnionPay (62), Mir (2200-2204).
_IIN_RANGES: tuple[tuple[int, int, int], ...] = (
    (1, 4, 4),
    (2, 51, 55),
    (4, 2221, 2720),
    (4, 2200, 2204),
    (2, 34, 34),
    (2, 37, 37),
    (3, 300, 305),
    (2, 36, 36),
    (2, 38, 39),
    (4, 3528, 3589),
    (2, 50, 50),
    (2, 56, 69),
)


def _is_card(digits: str) -> bool:
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return False
    return any(low <= int(digits[:size]) <= high for size, low, high in _IIN_RANGES)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_cpr(digits: str, separator: str) -> bool:
    """Danish CPR; see the module docstring for why a dash relaxes the checksum."""
    try:
        birth = cpr.get_birth_date(digits)
    except ValueError:
        return False
    if birth > datetime.date.today():
        return False
    return separator in ("-", " ", "\u00a0") or cpr.checksum(digits) == 0


def _is_samordningsnummer(digits: str) -> bool:
    """Swedish coordination number: a personnummer whose day has 60 added (python-stdnum
    knows only the personnummer). Ten or twelve digits; Luhn over the last ten."""
    date = digits[-10:-4]
    day = int(date[4:6])
    if not 61 <= day <= 91 or not luhn.is_valid(digits[-10:]):
        return False
    if len(digits) == 12:
        return _valid_date(int(digits[:4]), int(date[2:4]), day - 60)
    return any(_valid_date(century + int(date[:2]), int(date[2:4]), day - 60)
               for century in (1900, 2000))


def _is_national_id(digits: str, lengths: list[int], separators: list[str]) -> bool:
    """Check the Norwegian, Swedish and Danish formats (Finnish ones contain letters).

    Shapes as people write them: bare digits, date + serial ("150585-1000", "150585 1000",
    "19850515-1000"), and the Norwegian date + 3 + 2 ("150585 101 70")."""
    sep = separators[0] if separators else ""
    n = len(digits)
    if len(lengths) == 1:
        shape = "bare"
    elif len(lengths) == 2 and lengths[0] in (6, 8):
        shape = "split"
    elif lengths == [6, 3, 2] and sep != "+":
        return fodselsnummer.is_valid(digits)
    else:
        return False
    if n == 11:
        return sep != "+" and fodselsnummer.is_valid(digits)
    if n == 10:
        as_written = digits[:6] + (sep if shape == "split" else "") + digits[6:]
        if personnummer.is_valid(as_written) or _is_samordningsnummer(digits):
            return True
        return _is_cpr(digits, sep if shape == "split" else "")
    if n == 12:
        return sep != "+" and (personnummer.is_valid(digits[:8] + "-" + digits[8:])
                               or _is_samordningsnummer(digits))
    return False


def _find_digit_ids(text: str) -> Iterator[Finding]:
    """Cards and national IDs: every run of whole digit groups inside a chunk is a candidate."""
    for chunk in _DIGIT_CHUNK.finditer(text):
        groups = [(g.start(), g.end()) for g in _DIGITS.finditer(text, chunk.start(), chunk.end())]
        for i in range(len(groups)):
            digits = ""
            lengths: list[int] = []
            separators: list[str] = []
            for j in range(i, len(groups)):
                start, end = groups[j]
                if j > i:
                    separators.append(text[groups[j - 1][1]])
                digits += text[start:end]
                lengths.append(end - start)
                if len(digits) > 19:
                    break
                span = (groups[i][0], end)
                # Card groups are 3-6 digits ("4111 1111 ...", Amex 4-6-5); the last may be short.
                cardlike = all(3 <= x <= 6 for x in lengths[:-1]) and lengths[-1] <= 6
                cardlike = cardlike or len(lengths) == 1
                if cardlike and "+" not in separators and _is_card(digits):
                    yield Finding("card", *span, text[span[0] : span[1]])
                elif len(set(separators)) <= 1 and _is_national_id(digits, lengths, separators):
                    yield Finding("national-id", *span, text[span[0] : span[1]])


# "15.05.85 10170", "15.05.85-1000": the date part written as a date.
_DOTTED_ID = re.compile(
    r"(?<![0-9.])([0-9]{2})\.([0-9]{2})\.([0-9]{2}|[0-9]{4})[ \u00a0-]?"
    r"([0-9]{5}|[0-9]{3}[ \u00a0][0-9]{2}|[0-9]{4})(?![0-9])"
)


def _find_dotted_ids(text: str) -> Iterator[Finding]:
    for m in _DOTTED_ID.finditer(text):
        day, month, year, serial = m.groups()
        serial = serial.replace(" ", "").replace("\u00a0", "")
        digits = day + month + year + serial
        sep = "-" if len(serial) == 4 else ""
        if len(year) == 4 and len(serial) != 4:
            continue
        lengths = [len(day + month + year), len(serial)] if sep else [len(digits)]
        if _is_national_id(digits, lengths, [sep] if sep else []):
            yield Finding("national-id", m.start(), m.end(), m.group())


_HETU = re.compile(r"(?<![^\W_])[0-9]{6}[-+A-FU-Ya-fu-y][0-9]{3}[0-9A-Ya-y](?![^\W_])")


def _find_hetus(text: str) -> Iterator[Finding]:
    for m in _HETU.finditer(text):
        if hetu.is_valid(m.group()):
            yield Finding("national-id", m.start(), m.end(), m.group())


# --- phone numbers ----------------------------------------------------------------------

# Written so that only a phone number looks like this, whether or not phonenumbers counts
# the number as allocated: an international prefix ("+44 7700 900123", "0046 70-123 45 67")
# or a UK mobile in national form ("07700 900123"; Ofcom's range for fiction and many test
# numbers are not "valid", but a customer's number in that shape is still theirs).
_PHONE_SHAPE = re.compile(
    r"(?:\+|00)[1-9][0-9 \u00a0().\-/]{6,}[0-9]"
    r"|07[0-9]{3}[ \u00a0-]?[0-9]{3}[ \u00a0-]?[0-9]{3}"
)

# Stretches of text that could hold a phone number; phonenumbers only looks inside these,
# which keeps long messages fast.
_PHONE_WINDOW = re.compile(r"\+?[0-9][0-9 \u00a0().\-/]*[0-9]")
_MIN_PHONE_DIGITS = 7
_MAX_WINDOW = 64  # characters; the longest written phone numbers are about 25

_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DATE_OR_TIME = re.compile(
    rf"{_DAY}[./-]{_MONTH}[./-](?:[0-9]{{2}}|[0-9]{{4}})|[0-9]{{4}}-{_MONTH}-{_DAY}"
    r"|(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9](?:\s?-\s?(?:[01]?[0-9]|2[0-3])[:.][0-5][0-9])?"
    r"|(?:[01][0-9]|2[0-3])[0-5][0-9]\s?-\s?(?:[01][0-9]|2[0-3])[0-5][0-9]"  # "0800-1600"
)
_DATE_INSIDE = re.compile(rf"(?<![0-9]){_DAY}[./]{_MONTH}[./](?:19|20)[0-9][0-9](?![0-9])")
_ID_SHAPE = re.compile(r"[0-9]{6}[-+ A-Za-z][0-9]{3,5}|[0-9]{8}-[0-9]{4}")
# "ordre 12345678", "kundenummer: 23456789", "tilausnumero #1234567": a reference, not a
# phone. Words for a thing that has a number ("ordre") label it on their own; words for a
# person or an account ("kunde", "konto") only with a number word ("kundenummer",
# "kunde nr"), since "jeg er kunde 912 34 567" gives a phone number.
_NUMBER_WORD = r"(?:nr|no|nummer|number|numero|numro|id)"
_REFERENCE_BEFORE = re.compile(
    r"(?<!\w)(?:"
    r"(?:ordre|order|bestilling|beställning|faktura|invoice|tilaus|lasku|referanse|referens|"
    r"reference|ref|sak|ärende|case|ticket|sporing|tracking|sending|försändelse|forsendelse|"
    r"kolli|lähetys)\w*\.?"
    r"|(?:kunde|kund|customer|client|asiakas|konto|account|tili|avtale|avtal|aftale|sopimus)"
    rf"(?:n|en|ens|s)?[\s-]?{_NUMBER_WORD}\w*\.?"
    r")"
    r"(?:\W{1,3}(?:nr|no|nummer|number|numero|min|mitt|mi|mit|my|er|is|är|on|var|was|minun))*"
    r"\W{0,3}$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(r"(?:kr|nok|sek|dkk|eur|usd|€|\$|£)\.?\s*$", re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"^\s*(?:kr\b|kr\.|,-|nok\b|sek\b|dkk\b|eur\b|€|euro)", re.IGNORECASE)


def _is_phone_lookalike(text: str, start: int, end: int) -> bool:
    """Numbers phonenumbers would accept that a human would not call a phone number."""
    raw = text[start:end]
    if raw.startswith("+"):
        return False
    if sum(c.isdigit() for c in raw) < _MIN_PHONE_DIGITS:
        return True
    if _DATE_OR_TIME.fullmatch(raw) or _DATE_INSIDE.search(raw):
        return True
    # A mistyped personal ID is not a phone number: nobody writes a phone number as
    # DDMMYY-NNNN or as eleven digits starting with a date, but people mistype their ID.
    if _ID_SHAPE.fullmatch(raw) or (raw.isdigit() and len(raw) == 11 and _starts_with_date(raw)):
        return True
    before = text[max(0, start - 40) : start]
    if _REFERENCE_BEFORE.search(before) or _CURRENCY_BEFORE.search(before):
        return True
    return bool(_CURRENCY_AFTER.match(text[end : end + 8]))


def _starts_with_date(digits: str) -> bool:
    """True for a DDMMYY prefix, allowing Norwegian D-numbers (day + 40)."""
    day, month, year = int(digits[:2]), int(digits[2:4]), int(digits[4:6])
    return _valid_date(2000 + year, month, day - 40 if day > 40 else day)


def _phone_slices(start: int, end: int, text: str) -> Iterator[tuple[int, int]]:
    """Split an unusually long digit window into overlapping slices that fit any phone."""
    if end - start <= _MAX_WINDOW:
        yield start, end
        return
    pos = start
    while pos < end:
        stop = min(end, pos + _MAX_WINDOW)
        yield pos, stop
        if stop == end:
            return
        pos += _MAX_WINDOW // 2
        while pos < end and not text[pos - 1].isspace():  # restart at a group boundary
            pos += 1


def _find_phones(text: str, covered: list[tuple[int, int]]) -> Iterator[Finding]:
    """Run phonenumbers over digit windows not already claimed by a more specific finding.

    ``covered`` is a sorted list of spans (e-mails, cards, IBANs, IDs) to skip.
    """
    seen: set[tuple[int, int]] = set()
    for window in _PHONE_WINDOW.finditer(text):
        raw = window.group()
        if sum(c.isdigit() for c in raw) < _MIN_PHONE_DIGITS or _DATE_OR_TIME.fullmatch(raw):
            continue
        i = bisect.bisect_right(covered, (window.start(), len(text))) - 1
        if i >= 0 and covered[i][1] >= window.end():
            continue
        for slice_start, slice_end in _phone_slices(window.start(), window.end(), text):
            yield from _match_phones(text, slice_start, slice_end, seen)


def _match_phones(text: str, start: int, end: int, seen: set[tuple[int, int]]) -> Iterator[Finding]:
    # A little context either side lets phonenumbers reject numbers glued to letters.
    offset = max(0, start - 2)
    snippet = text[offset : end + 2]
    digits_total = sum(c.isdigit() for c in text[start:end])
    for region in PHONE_REGIONS:
        digits_matched = 0
        matcher = phonenumbers.PhoneNumberMatcher(
            snippet, region, leniency=phonenumbers.Leniency.VALID
        )
        for match in matcher:
            span = (offset + match.start, offset + match.end)
            digits_matched += sum(c.isdigit() for c in match.raw_string)
            if span in seen:
                continue
            seen.add(span)
            if not _is_phone_lookalike(text, *span):
                yield Finding("phone", *span, text[span[0] : span[1]])
        # Every digit already explained (even if filtered out): other regions add nothing.
        if digits_matched >= digits_total:
            return
    yield from _shaped_phones(text, snippet, offset, seen)


def _shaped_phones(text: str, snippet: str, offset: int,
                   seen: set[tuple[int, int]]) -> Iterator[Finding]:
    """Numbers phonenumbers finds merely possible (not allocated) but written as only a
    phone number is written (``_PHONE_SHAPE``)."""
    matcher = phonenumbers.PhoneNumberMatcher(snippet, "GB",
                                              leniency=phonenumbers.Leniency.POSSIBLE)
    for match in matcher:
        span = (offset + match.start, offset + match.end)
        if span in seen or not _PHONE_SHAPE.fullmatch(match.raw_string):
            continue
        seen.add(span)
        if not _is_phone_lookalike(text, *span):
            yield Finding("phone", *span, text[span[0] : span[1]])


# --- postal addresses -------------------------------------------------------------------

_CAP = r"[A-ZÆØÅÄÖÜÉ]"
_LOWER = r"[a-zæøåäöüé]"
# Street-name endings that are safe even in lower case ("bor i storgata 5").
_SAFE_SUFFIXES = "veien|vegen|gata|gatan|gaten|vejen|gaden|katu|vägen|stræde|allé|alléen"
# Endings that collide with ordinary words ("gate 12" at an airport, "alle 3"), so the
# street name must be capitalised and compound ("Storgate 5").
_ALL_SUFFIXES = _SAFE_SUFFIXES + "|gate|gade|vei|veg|vej|väg|tie|kuja|polku|plass|plads|torget|torg"
_SEPARATE_WORDS = "gate|gata|gatan|gade|vei|veg|vej|väg|vägen|plass|plads|torg|allé|stræde"
_CAP_WORDS = "Allé|Alle|Plads|Plass|Boulevard|Torv|Torg|Vej|Vei|Gate|Gata|Gade|Väg|Street|Road"
_EN_WORDS = r"Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Close|Court|Way"
_NAME_WORD = _CAP + r"[\w.'’-]{0,30}"

_STREET = (
    r"(?:"
    rf"{_CAP}{_LOWER}{{2,30}}?(?:{_ALL_SUFFIXES})"
    rf"|{_LOWER}{{3,30}}?(?:{_SAFE_SUFFIXES})"
    rf"|(?:{_NAME_WORD}\s){{0,2}}{_CAP}[\w.'’-]{{0,30}}s\s(?:{_SEPARATE_WORDS})"
    rf"|(?:{_NAME_WORD}\s){{1,3}}(?:{_CAP_WORDS})"
    rf"|(?:{_NAME_WORD}\s){{0,2}}{_NAME_WORD}\s(?:allé|alléen)"
    r")"
)
_HOUSE = r"\s[0-9]{1,4}[A-Za-z]?(?:\s[A-Z](?:\s[0-9]{1,3})?)?(?![\w-])"
_DANISH_FLOOR = r"(?:,?\s[0-9]{1,2}\.\s?(?:tv|th|mf|sal)\.?)?"
_POSTCODE_TOWN = (
    r"(?:,?\s(?:[A-Z]{1,3}-)?(?:[0-9]{3}\s[0-9]{2}|[0-9]{4,5})\s"
    r"[^\W\d_]{2,30}(?:[- ][A-ZÆØÅ][^\W\d_]{0,30})?)?"
)
_PO_BOX = (
    r"(?:Postboks|Boks|Postbox|Box|Postilokero|PL)\s[0-9]{1,6},?\s"
    r"(?:[A-Z]{1,3}-)?(?:[0-9]{3}\s[0-9]{2}|[0-9]{4,5})\s[^\W\d_]{2,30}"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])(?:{_STREET}{_HOUSE}{_DANISH_FLOOR}{_POSTCODE_TOWN}"
    rf"|[0-9]{{1,5}}[A-Za-z]?\s(?:{_NAME_WORD}\s){{1,3}}(?:{_EN_WORDS}){_POSTCODE_TOWN}"
    rf"|{_PO_BOX})"
)


def _find_addresses(text: str) -> Iterator[Finding]:
    for m in _ADDRESS.finditer(text):
        yield Finding("address", m.start(), m.end(), m.group())


# --- public API -------------------------------------------------------------------------


def _resolve(candidates: Iterable[Finding]) -> list[Finding]:
    """Keep non-overlapping findings, preferring the more specific kind, then the longer."""
    ordered = sorted(candidates, key=lambda f: (_RANK[f.kind], f.start - f.end, f.start))
    starts: list[int] = []
    chosen: list[Finding] = []
    for finding in ordered:
        i = bisect.bisect_left(starts, finding.start)
        if i > 0 and chosen[i - 1].end > finding.start:
            continue
        if i < len(chosen) and chosen[i].start < finding.end:
            continue
        starts.insert(i, finding.start)
        chosen.insert(i, finding)
    return chosen


def find_personal_data(text: str) -> list[Finding]:
    """All personal data in ``text``, sorted by position and never overlapping."""
    specific = [
        *_find_emails(text),
        *_find_ibans(text),
        *_find_digit_ids(text),
        *_find_hetus(text),
        *_find_dotted_ids(text),
    ]
    covered = sorted((f.start, f.end) for f in specific)
    return _resolve([*specific, *_find_phones(text, covered), *_find_addresses(text)])


def redact(text: str) -> str:
    """Replace every finding by a placeholder such as ``[phone]``.

    Repeats until nothing is found: removing one finding can expose a neighbour that was
    glued to it ("131052-308T811218-9876"). Each pass removes digits or "@" signs that the
    placeholders do not contain, so this terminates, normally after one extra scan.
    """
    findings = find_personal_data(text)
    while findings:
        parts: list[str] = []
        pos = 0
        for finding in findings:
            parts.append(text[pos : finding.start])
            parts.append(f"[{finding.kind}]")
            pos = finding.end
        parts.append(text[pos:])
        text = "".join(parts)
        findings = find_personal_data(text)
    return text


def describe(findings: Iterable[Finding]) -> dict[str, int]:
    """Count findings by kind, e.g. for an audit log that must not contain the data itself."""
    counts = Counter(f.kind for f in findings)
    return {kind: counts[kind] for kind in KINDS if counts[kind]}
