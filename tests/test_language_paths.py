"""One language policy: suggest and the public help centre choose the same language for the
same short text and hint (text.language_choice.choose_language behind both)."""

import pytest

from text.language_choice import choose_language

SUGGEST = "/api/v1/suggestions/"
PUBLIC = "/api/v1/public/search"

# (text, hint, expected): short texts keep the hint; clear ones win over it.
TABLE = [
    ("pris?", "nb", "nb"),
    ("hei", "sv", "sv"),
    ("hei", "da", "da"),
    ("esim iphone", "nb", "nb"),
    ("esim iphone", "da", "da"),
    ("roaming i Spania", "da", "da"),
    ("roaming i Spania", "nb", "nb"),
    ("ok takk", "nn", "nn"),
    ("Thanks!", "fi", "fi"),
    ("hvordan bytter jeg simkortet mitt", "en", "nb"),
    ("Jag har inte fått någon bekräftelse på min beställning", "fi", "sv"),
    ("Miksi lasku on näin suuri tässä kuussa?", "en", "fi"),
]


@pytest.mark.parametrize(("text", "hint", "expected"), TABLE)
def test_the_policy(text, hint, expected):
    assert choose_language(text, hint).language == expected


@pytest.mark.django_db
def test_suggest_and_the_help_centre_agree(agent_client, anon_client):
    for text, hint, expected in TABLE:
        drafted = agent_client.post(SUGGEST, {"text": text, "language": hint,
                                              "customer_name": "Kari", "public": False,
                                              "channel": "facebook_message"}, format="json")
        assert drafted.status_code == 201, drafted.content
        by_hint = anon_client.get(PUBLIC, {"q": text, "hint": hint}).json()
        by_browser = anon_client.get(PUBLIC, {"q": text}, HTTP_ACCEPT_LANGUAGE=hint).json()
        assert (drafted.json()["language"], by_hint["language"], by_browser["language"]) == (
            expected, expected, expected), text
