"""One placeholder grammar and one tidy rule, for drafts and the public page alike."""

import pytest

from text.placeholders import fill, tidy


@pytest.mark.parametrize(("template", "expected"), [
    ("Takk, {customer_first_name}, for at du venta.", "Takk, for at du venta."),
    ("Hei {customer_first_name}!", "Hei!"),
    ("Så kjipt, {customer_first_name}! Sperr kortet.", "Så kjipt! Sperr kortet."),
    ("Hei {{ customer_first_name }}, velkommen.", "Hei, velkommen."),
])
def test_an_empty_fill_leaves_tidy_punctuation(template, expected):
    assert fill(template, {"customer_first_name": ""})[0] == expected
    assert fill(template, {}, drop_unknown=True) == (expected, False)


def test_unknown_placeholders_are_kept_or_dropped():
    assert fill("Ordre {order} er sendt", {}) == ("Ordre {order} er sendt", True)
    assert fill("Ordre {order} er sendt", {}, drop_unknown=True) == ("Ordre er sendt", False)


def test_tidy_keeps_a_sentence_that_needs_nothing():
    assert tidy("Hei, Kari. Takk!") == "Hei, Kari. Takk!"
