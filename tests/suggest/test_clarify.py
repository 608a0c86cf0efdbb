"""A short price or help question with no object ("how much?", "hvad koster det?") names no
topic: Svar asks what it is about instead of guessing. Examples written for this test."""

import pytest

from suggest.analysis import analyse
from tests.suggest.test_api import post, roaming  # noqa: F401 (a fixture)


@pytest.mark.parametrize(("text", "language"), [
    ("how much is it?", "en"), ("how much?", "en"), ("help pls", "en"),
    ("hvad koster det?", "da"), ("hva koster det?", "nb"), ("kva kostar det", "nn"),
    ("vad kostar det?", "sv"), ("mitä maksaa?", "fi"), ("paljonko se maksaa?", "fi"),
])
def test_a_question_without_an_object_is_vague(text, language):
    a = analyse(text, public=True, language_hint=language)
    assert a.vague, text


@pytest.mark.parametrize(("text", "language"), [
    ("how much is wifi?", "en"), ("hvad koster wifi?", "da"), ("hva koster hunden?", "nb"),
    ("vad kostar en hytt?", "sv"), ("paljonko hytti maksaa?", "fi"),
])
def test_a_short_question_that_names_its_topic_is_not_vague(text, language):
    assert not analyse(text, public=True, language_hint=language).vague, text


def test_how_much_gets_a_clarifying_draft_not_roaming_prices(agent_client, roaming):  # noqa: F811
    data = post(agent_client, text="how much is it?", customer_name="Tom Reed").json()
    assert data["analysis"]["vague"] is True
    assert data["drafts"] and all(d["entry"] is None for d in data["drafts"])
    first = data["drafts"][0]["text"]
    assert first.startswith("Hi Tom,") and "?" in first and "EU" not in first
