"""Personal-data detection and redaction (no Django needed).

Valid numbers are generated with the check-digit rules (cross-checked with python-stdnum)
rather than hard-coded, plus a few published examples.
"""

import datetime
import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.dk import cpr
from stdnum.fi import hetu
from stdnum.iso7064 import mod_97_10
from stdnum.no import fodselsnummer
from stdnum.se import personnummer

from text.personal_data import KINDS, Finding, describe, find_personal_data, redact

# --- generators for valid numbers --------------------------------------------------------


def make_fodselsnummer(day: int, month: int, year: int, individual: int) -> str | None:
    """Norwegian birth number DDMMYYIII + two mod-11 check digits (None if impossible)."""
    base = f"{day:02d}{month:02d}{year % 100:02d}{individual:03d}"
    k1 = fodselsnummer.calc_check_digit1(base)
    if k1 == "10":
        return None
    k2 = fodselsnummer.calc_check_digit2(base + k1)
    if k2 == "10":
        return None
    return base + k1 + k2


def some_fodselsnummer(day: int = 1, month: int = 1, year: int = 1990) -> str:
    # Individual numbers 000-499 are 1900-1999 births, 500-999 are 2000-2039 births.
    for individual in range(100, 500) if year < 2000 else range(500, 1000):
        number = make_fodselsnummer(day, month, year, individual)
        if number:
            assert fodselsnummer.is_valid(number)
            return number
    raise AssertionError("no valid number")


def make_personnummer(yymmdd: str, serial: str = "987", sep: str = "-") -> str:
    number = yymmdd + sep + serial + luhn.calc_check_digit(yymmdd + serial)
    assert personnummer.is_valid(number)
    return number


def make_hetu(ddmmyy: str, individual: str = "308", century: str = "-") -> str:
    number = (
        ddmmyy
        + century
        + individual
        + "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(ddmmyy + individual) % 31]
    )
    assert hetu.is_valid(number)
    return number


def make_cpr_mod11(ddmmyy: str) -> str:
    for serial in range(1000, 10000):
        number = f"{ddmmyy}{serial}"
        if cpr.checksum(number) == 0:
            return number
    raise AssertionError("no valid CPR")


def make_card(prefix: str, length: int = 16, seed: int = 0) -> str:
    rng = random.Random(seed)
    body = prefix + "".join(rng.choice("0123456789") for _ in range(length - len(prefix) - 1))
    number = body + luhn.calc_check_digit(body)
    assert luhn.is_valid(number)
    return number


def make_iban(country: str, bban: str) -> str:
    number = country + mod_97_10.calc_check_digits(bban + country) + bban
    assert stdnum_iban.is_valid(number), number
    return number


def group(number: str, size: int = 4) -> str:
    return " ".join(number[i : i + size] for i in range(0, len(number), size))


def kinds(text: str) -> list[str]:
    return [f.kind for f in find_personal_data(text)]


def texts(text: str) -> list[str]:
    return [f.text for f in find_personal_data(text)]


# --- e-mail ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "ola.nordmann@example.no",
        "kari+svar@firma.co.uk",
        "m_virtanen@posti.fi",
        "bjørn@eksempel.dk",
        "first.last-name@sub.domain.example.com",
    ],
)
def test_email_found(email: str) -> None:
    text = f"Send svar til {email}, takk."
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [("email", email)]


@pytest.mark.parametrize("text", ["@TeliaNorge hjelp!", "ola@", "a@b", "pris 5 @ 10 kr", "x@y.z"])
def test_not_an_email(text: str) -> None:
    assert "email" not in kinds(text)


# --- phone numbers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("ring meg på 912 34 567", "912 34 567"),
        ("tlf 91234567", "91234567"),
        ("telefon nr 41234567", "41234567"),
        ("Nå når du meg på +47 912 34 567.", "+47 912 34 567"),
        ("mitt nummer är 070-123 45 67", "070-123 45 67"),
        ("ring 0046 70 123 45 67", "0046 70 123 45 67"),
        ("ring på 20 30 40 50", "20 30 40 50"),
        ("Soita 040 123 4567", "040 123 4567"),
        ("numero +358 40 1234567", "+358 40 1234567"),
        ("call +44 20 7946 0958 tomorrow", "+44 20 7946 0958"),
    ],
)
def test_phone_found(text: str, number: str) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("phone", number)]


@pytest.mark.parametrize(
    "text",
    [
        "Det koster 499 kr",
        "pris 1 299 kr eller 12 990,-",
        "ordre 12345",
        "ordre 12345678 er ikke kommet",
        "Ordrenummer: 45678901",
        "mitt kundenummer er 23456789",
        "Tilausnumero #45678901",
        "levert 12.03.2024",
        "levert 31.12.2024 kl 14:30",
        "dato 2024-03-12",
        "12/03/2024",
        "åpent kl. 14.30-16.00",
        "åpent 0800-1600 på hverdager",
        "100 000 kr i erstatning?!",
        "2,5 GB data",
        "Betalte NOK 45678901 for dette??",
    ],
)
def test_ordinary_numbers_are_not_findings(text: str) -> None:
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        # UK mobiles in national form, including Ofcom's fiction range (07700 900xxx), which
        # phonenumbers does not count as allocated but a customer may well write.
        ("text me on 07700 900562 after six", "07700 900562"),
        ("my mobile is 07700900562", "07700900562"),
        ("ring 07912 345678 please", "07912 345678"),
        ("mob. 07700-900-562", "07700-900-562"),
        # UK landline, national form.
        ("office: 0161 496 0123", "0161 496 0123"),
        # International prefixes, + or 00, including numbers outside allocated ranges.
        ("reach me at +44 7700 900562", "+44 7700 900562"),
        ("reach me at +44 (0)7700 900562", "+44 (0)7700 900562"),
        ("ring 0044 7700 900562", "0044 7700 900562"),
        ("nå meg på +46 73 555 12 34", "+46 73 555 12 34"),
        ("ring mig på +45 31 55 12 34", "+45 31 55 12 34"),
        ("soita +358 50 555 1234", "+358 50 555 1234"),
        ("soita 00358 50 555 1234", "00358 50 555 1234"),
    ],
)
def test_uk_and_international_phone_formats(text: str, number: str) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("phone", number)]


@pytest.mark.parametrize("text", ["order 07700 900562 has not arrived", "booking ref 07700900562",
                                  "it cost 1 299 kr and 07.45 departure"])
def test_uk_shaped_references_are_not_phones(text: str) -> None:
    assert find_personal_data(text) == []


# --- national identity numbers -----------------------------------------------------------


def test_norwegian_fodselsnummer() -> None:
    number = some_fodselsnummer(24, 12, 1985)
    assert texts(f"fnr {number} takk") == [number]
    assert kinds(f"fnr {number[:6]} {number[6:]}") == ["national-id"]
    d_number = some_fodselsnummer(24 + 40, 12, 1985)  # D-number: day + 40
    assert kinds(f"D-nummer {d_number}") == ["national-id"]


def test_swedish_personnummer_forms() -> None:
    number = make_personnummer("811218")
    assert number == "811218-9876"  # Skatteverket's published example
    bare = number.replace("-", "")
    for form in (number, bare, "19" + number, "19" + bare, number.replace("-", "+")):
        assert kinds(f"pnr {form}") == ["national-id"], form
        assert texts(f"pnr {form}") == [form]


def test_danish_cpr_with_dash_needs_only_a_valid_date() -> None:
    assert kinds("CPR 030590-1234 tak") == ["national-id"]
    assert kinds("CPR 030590 1234 tak") == ["national-id"]  # a space is written as a dash
    assert kinds("CPR 320590-1234") == []  # 32 May
    assert kinds("CPR 300290-1234") == []  # 30 February


def test_danish_cpr_without_dash_needs_mod11() -> None:
    valid = make_cpr_mod11("030590")
    assert kinds(f"cpr {valid}") == ["national-id"]
    invalid = valid[:-1] + str((int(valid[-1]) + 1) % 10)
    assert cpr.checksum(invalid) != 0
    assert "national-id" not in kinds(f"cpr {invalid}")


def test_finnish_henkilotunnus() -> None:
    assert kinds("hetu 131052-308T") == ["national-id"]  # python-stdnum's example
    born_2005 = make_hetu("010105", "123", "A")
    assert texts(f"HETU: {born_2005}.") == [born_2005]
    assert kinds(f"hetu {born_2005.lower()}") == ["national-id"]
    assert kinds("hetu 131052-308U") == []


def _break_last_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def test_invalid_checksums_are_not_national_ids() -> None:
    bad_fnr = _break_last_digit(some_fodselsnummer(24, 12, 1985))
    bad_pnr = _break_last_digit(make_personnummer("811218"))
    for text in (f"fnr {bad_fnr}", f"pnr {bad_pnr}", "pnr 19811218-9877"):
        assert "national-id" not in kinds(text), text


def test_invalid_ids_are_not_phones() -> None:
    """Decision: an ID-shaped number with a bad checksum is a typo, not a phone number.

    phonenumbers would accept "811218-9877" and eleven-digit numbers as Finnish numbers.
    A bare eight-digit number, on the other hand, stays a phone even without context.
    """
    bad_fnr = _break_last_digit(some_fodselsnummer(24, 12, 1985))
    assert find_personal_data(f"fnr {bad_fnr}") == []
    assert find_personal_data("personnummer 811218-9877") == []
    assert find_personal_data("cpr 320590 1234") == []  # 32 May: no date, no ID, no phone
    assert kinds("nummeret er 91234567") == ["phone"]


# --- cards -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",  # Visa test card
        "4111111111111111",
        "5555-5555-5555-4444",  # Mastercard test card
        "3782 822463 10005",  # Amex test card
        "2223 0031 2200 3222",  # Mastercard 2-series test card
        "5019 7170 1010 3742",  # Dankort test card
    ],
)
def test_known_test_cards(card: str) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(f"kort: {card}.")] == [("card", card)]


@pytest.mark.parametrize(("prefix", "length"), [("4", 16), ("4", 13), ("52", 16), ("6", 19)])
def test_generated_cards(prefix: str, length: int) -> None:
    card = make_card(prefix, length, seed=length)
    assert kinds(f"kortnummer {card}") == ["card"]
    assert kinds(f"kortnummer {group(card)}") == ["card"]


def test_luhn_invalid_or_unknown_issuer_is_not_a_card() -> None:
    assert kinds("kort 4111 1111 1111 1112") == []
    unknown_issuer = make_card("9", 16)
    assert kinds(f"nr {unknown_issuer}") != ["card"]
    assert kinds("ordre 1234 5678 9012 3456") == []


def test_card_after_other_numbers_in_same_run() -> None:
    text = "ordre 12345 4111 1111 1111 1111"
    assert texts(text) == ["4111 1111 1111 1111"]


# --- IBAN --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "account",
    [
        "NO93 8601 1117 947",
        "NO9386011117947",
        "DE89 3704 0044 0532 0130 00",
        "GB82 WEST 1234 5698 7654 32",
        "FI21 1234 5600 0007 85",
        "SE45 5000 0000 0583 9825 7466",
        "DK50 0040 0440 1162 43",
    ],
)
def test_iban_found(account: str) -> None:
    text = f"Refunder til {account} og takk"
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("iban", account)]


def test_generated_iban_and_bad_checksum() -> None:
    account = make_iban("DE", "370400440532013000")
    assert kinds(f"IBAN {group(account)}") == ["iban"]
    broken = account[:2] + "00" + account[4:]
    assert "iban" not in kinds(f"IBAN {broken}")


# --- addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "Storgata 1, 0155 Oslo",
        "Karl Johans gate 22",
        "Bogstadveien 45B",
        "Ringvegen 3, 6800 Førde",
        "Drottninggatan 5, 111 51 Stockholm",
        "Kungsvägen 12",
        "Vesterbrogade 12, 3. tv., 1620 København V",
        "Strandvejen 100, 2900 Hellerup",
        "Nørre Allé 7",
        "Mannerheimintie 5 A 12, 00100 Helsinki",
        "Hämeenkatu 10",
        "221B Baker Street",
        "Postboks 123, 0101 Oslo",
        "Box 45, 111 22 Stockholm",
    ],
)
def test_address_found(address: str) -> None:
    text = f"Adressen min er {address}. Takk!"
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("address", address)]


def test_lowercase_street_with_unambiguous_suffix() -> None:
    assert texts("jeg bor i storgata 5 i oslo") == ["storgata 5"]


@pytest.mark.parametrize(
    "text",
    [
        "Flyet går fra gate 12",
        "alle 3 pakkene kom",
        "Gate 5 er stengt",
        "jeg har 3 pakker",
        "Boks 3 er tom",
    ],
)
def test_not_an_address(text: str) -> None:
    assert "address" not in kinds(text)


# --- combined, redaction, describe -------------------------------------------------------


MESSAGE = (
    "Hei! Jeg bestilte 12.03.2024 (ordre 12345678) til 4 999 kr. Ring meg på 912 34 567 "
    "eller skriv til ola.nordmann@example.no. Adresse: Storgata 5, 0155 Oslo. Kortet "
    "4111 1111 1111 1111 ble belastet to ganger, refunder til NO93 8601 1117 947. "
    "Fnr {fnr}. Hilsen Ola kl 14:30"
)


def test_mixed_message_positions_and_redaction() -> None:
    fnr = some_fodselsnummer(24, 12, 1985)
    text = MESSAGE.format(fnr=fnr)
    findings = find_personal_data(text)
    assert [f.kind for f in findings] == [
        "phone",
        "email",
        "address",
        "card",
        "iban",
        "national-id",
    ]
    for f in findings:
        assert text[f.start : f.end] == f.text
    assert findings == sorted(findings, key=lambda f: f.start)
    assert redact(text) == (
        "Hei! Jeg bestilte 12.03.2024 (ordre 12345678) til 4 999 kr. Ring meg på [phone] "
        "eller skriv til [email]. Adresse: [address]. Kortet "
        "[card] ble belastet to ganger, refunder til [iban]. "
        "Fnr [national-id]. Hilsen Ola kl 14:30"
    )
    assert describe(findings) == {
        "email": 1,
        "phone": 1,
        "national-id": 1,
        "card": 1,
        "iban": 1,
        "address": 1,
    }


def test_describe_counts_and_omits_absent_kinds() -> None:
    findings = [
        Finding("phone", 0, 1, "x"),
        Finding("phone", 2, 3, "y"),
        Finding("email", 4, 5, "z"),
    ]
    assert describe(findings) == {"email": 1, "phone": 2}
    assert describe([]) == {}
    assert set(KINDS) == {"email", "phone", "national-id", "card", "iban", "address"}


def test_redact_without_findings_is_identity() -> None:
    text = "Hvorfor er regningen 499 kr høyere denne måneden?"
    assert redact(text) == text
    assert redact("") == ""


def test_overlap_prefers_specific_kind() -> None:
    # The card's digits contain phone-like runs; only the card may be reported.
    assert kinds("4111 1111 1111 1111") == ["card"]
    # Digits inside an e-mail address belong to the e-mail.
    assert kinds("ola.91234567@example.no") == ["email"]


def test_finding_is_frozen() -> None:
    finding = Finding("email", 0, 3, "a@b")
    with pytest.raises(AttributeError):
        finding.kind = "phone"  # type: ignore[misc]


# --- performance -------------------------------------------------------------------------


def test_speed_on_a_typical_message() -> None:
    text = MESSAGE.format(fnr=some_fodselsnummer())
    find_personal_data(text)
    runs = 50
    started = time.perf_counter()
    for _ in range(runs):
        find_personal_data(text)
    per_message = (time.perf_counter() - started) / runs
    assert per_message < 0.01  # ~0.5 ms measured; generous bound for slow CI machines


@pytest.mark.parametrize(
    "text",
    [
        "a" * 100_000,
        "a@" * 50_000,
        "a." * 50_000,
        "Storgata " * 11_000,
        "Karl " * 20_000,
        "1" * 100_000,
        MESSAGE.format(fnr="01019012345") * 250,
    ],
)
def test_large_input_is_linear(text: str) -> None:
    started = time.perf_counter()
    find_personal_data(text)
    assert time.perf_counter() - started < 3


# --- property tests ----------------------------------------------------------------------

NOISY = st.text(alphabet="0123456789 -+.,:@#/()abcNOSEDKFIXYæøå\n", max_size=120)
FILLER = st.text(alphabet=st.characters(codec="utf-8", exclude_characters="@"), max_size=40).map(
    lambda s: s.replace("\x00", "")
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=200), NOISY))
def test_redact_never_raises_and_leaves_no_strong_findings(text: str) -> None:
    redacted = redact(text)
    remaining = {f.kind for f in find_personal_data(redacted)}
    assert not remaining & {"email", "card", "iban", "national-id"}
    for f in find_personal_data(text):
        assert text[f.start : f.end] == f.text


def _covered(text: str, needle: str, kind: str) -> bool:
    start = text.index(f" {needle} ") + 1
    end = start + len(needle)
    return any(
        f.kind == kind and f.start <= start and f.end >= end for f in find_personal_data(text)
    )


LABEL = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=10)
EMAILS = st.builds(
    lambda local, extra, domain, tld: f"{local}{extra}@{domain}.{tld}",
    LABEL,
    st.sampled_from(["", ".x", "+tag", "_y", "-z"]),
    LABEL,
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=6),
)
CARDS = st.builds(
    lambda prefix, seed, spaced: (lambda c: group(c) if spaced else c)(make_card(prefix, 16, seed)),
    st.sampled_from(["4", "51", "55", "2221", "37", "6011", "5019"]),
    st.integers(0, 10**6),
    st.booleans(),
)
IBANS = st.builds(
    lambda country_bban, spaced: (lambda i: group(i) if spaced else i)(make_iban(*country_bban)),
    st.one_of(
        st.tuples(st.just("DE"), st.text(alphabet="0123456789", min_size=18, max_size=18)),
        st.tuples(st.just("FI"), st.text(alphabet="0123456789", min_size=14, max_size=14)),
        st.tuples(st.just("DK"), st.text(alphabet="0123456789", min_size=14, max_size=14)),
    ),
    st.booleans(),
)


@settings(max_examples=150, deadline=None)
@given(FILLER, EMAILS, FILLER)
def test_embedded_email_always_found(left: str, email: str, right: str) -> None:
    text = f"{left} {email} {right}"
    assert _covered(text, email, "email")


@settings(max_examples=150, deadline=None)
@given(FILLER, CARDS, FILLER)
def test_embedded_card_always_found(left: str, card: str, right: str) -> None:
    text = f"{left} {card} {right}"
    assert _covered(text, card, "card")


@settings(max_examples=150, deadline=None)
@given(FILLER, IBANS, FILLER)
def test_embedded_iban_always_found(left: str, account: str, right: str) -> None:
    text = f"{left} {account} {right}"
    assert _covered(text, account, "iban")


def test_generated_national_ids_sweep() -> None:
    rng = random.Random(7)
    start = datetime.date(1940, 1, 1)
    for _ in range(200):
        day = start + datetime.timedelta(days=rng.randrange(365 * 80))
        fnr = some_fodselsnummer(day.day, day.month, day.year)
        pnr = make_personnummer(day.strftime("%y%m%d"), f"{rng.randrange(1000):03d}")
        for number in (fnr, pnr):
            assert kinds(f"id {number}.") == ["national-id"], number


# --- issue 15, findings 4 and 5: what the audit found missing ----------------------------

# A phone number after a label word ("kunde", "kund", "asiakas", "customer"): the label
# names the person, not a reference, so the number is still a phone.
PHONE_AFTER_LABEL = [
    ("nb", "jeg er kunde 912 34 567", "912 34 567"),
    ("nb", "Kunden er 912 34 567", "912 34 567"),
    ("nb", "send til kunden 91234567", "91234567"),
    ("nb", "Kunde: 91234567, vil si opp", "91234567"),
    ("nb", "kunde hos dere, nr 412 34 567", "412 34 567"),
    ("nn", "eg er kunde 912 34 567", "912 34 567"),
    ("nn", "kunden min har nummer 91234567", "91234567"),
    ("sv", "jag är kund 070-123 45 67", "070-123 45 67"),
    ("sv", "Kunden: 0701234567", "0701234567"),
    ("sv", "kund sedan 2019, ring 070 123 45 67", "070 123 45 67"),
    ("da", "jeg er kunde 20 30 40 50", "20 30 40 50"),
    ("da", "Kunden har 20304050", "20304050"),
    ("fi", "olen asiakas 040 123 4567", "040 123 4567"),
    ("fi", "asiakas 0401234567 soitti", "0401234567"),
    ("en", "I am a customer 912 34 567", "912 34 567"),
    ("en", "customer +47 912 34 567 called", "+47 912 34 567"),
    ("en", "account holder, phone 91234567", "91234567"),
]


@pytest.mark.parametrize(("language", "text", "number"), PHONE_AFTER_LABEL)
def test_phone_after_a_label_word_is_found(language: str, text: str, number: str) -> None:
    assert [(f.kind, f.text) for f in find_personal_data(text)] == [("phone", number)]


# What must stay answerable: prices, dates, times, references with a number word.
KEEP_ANSWERABLE = [
    ("nb", "Abonnementet koster 390 kr i måneden"),
    ("nb", "Bestilte 14. juni, ordre 91234567 er ikke kommet"),
    ("nb", "mitt kundenummer er 91234567"),
    ("nb", "kunde nr 91234567 vil si opp"),
    ("nb", "åpent kl. 08.00-16.00"),
    ("nn", "Kundenummeret mitt er 91234567"),
    ("nn", "Eg betalte 1 299 kr den 3. mars"),
    ("sv", "Mitt kundnummer är 70123456"),
    ("sv", "Fakturan på 249 kr kom den 14 juni"),
    ("da", "Mit kundenummer er 20304050"),
    ("da", "Regningen på 299,- kom 14.06.2024 kl. 10:30"),
    ("fi", "Asiakasnumero 0401234567"),
    ("fi", "Lasku 49,90 € tuli 14.6.2024"),
    ("en", "My customer number is 91234567"),
    ("en", "Order 12345678 from 14 June, 390 kr"),
]


@pytest.mark.parametrize(("language", "text"), KEEP_ANSWERABLE)
def test_answerable_numbers_stay(language: str, text: str) -> None:
    assert find_personal_data(text) == []


def test_swedish_samordningsnummer() -> None:
    """Day + 60 (Skatteverket); python-stdnum checks only the personnummer."""
    assert kinds("samordningsnummer 850575-1001") == ["national-id"]
    assert kinds("samordningsnummer 8505751001") == ["national-id"]
    assert kinds("samordningsnummer 19850575-1001") == ["national-id"]
    assert kinds("samordningsnummer 850575-1002") == []  # Luhn fails
    assert kinds("samordningsnummer 850595-1001") == []  # day 35


@pytest.mark.parametrize("written", ["15.05.85 10170", "150585 101 70", "15.05.85-10170",
                                     "15058510170", "150585 10170"])
def test_norwegian_fodselsnummer_as_people_write_it(written: str) -> None:
    assert texts(f"fnr {written} takk") == [written]


def test_dotted_date_with_a_bad_checksum_is_not_an_id() -> None:
    assert "national-id" not in kinds("levert 15.05.85 10171")


@pytest.mark.parametrize("address", ["Bygdøy allé 23", "Frognerveien 12", "Thorvald Meyers gate 5"])
def test_street_address_with_a_separate_alle(address: str) -> None:
    assert texts(f"Jeg bor i {address}, 0265 Oslo")[0].startswith(address)
