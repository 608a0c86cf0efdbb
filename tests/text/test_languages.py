"""The language registry: one table, and the spellings browsers and channels use."""

import pytest

from text.languages import CHOICES, LANGUAGE_NAMES, LANGUAGES, SNOWBALL, normalise_language


def test_one_table_feeds_every_list():
    assert LANGUAGES == ("nb", "nn", "sv", "da", "fi", "en")
    assert dict(CHOICES) == LANGUAGE_NAMES
    assert set(SNOWBALL) == {*LANGUAGES, "no"}


@pytest.mark.parametrize(("code", "expected"), [
    ("nb", "nb"), ("nb-NO", "nb"), ("no", "nb"), ("NO", "nb"), ("nn-NO", "nn"),
    ("sv_SE", "sv"), ("da-DK", "da"), ("fi", "fi"), ("en-GB", "en"), ("de", None), ("", None),
    (None, None),
])
def test_normalise_language(code, expected):
    assert normalise_language(code) == expected
