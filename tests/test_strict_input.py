"""The API takes exactly what its OpenAPI schema calls valid (issue 15, finding 16: the
input-acceptance checks of schemathesis): text is a JSON string, numbers and booleans are
their JSON types, unknown body fields are refused, a NUL character never reaches
PostgreSQL, and the status says what was wrong (400 input, 401 credentials, 404 a missing
object, 409 the object's state)."""

import pytest
import yaml
from rest_framework.test import APIClient

from inbox.models import Message
from kb.models import Entry, OpenQuestion
from suggest.models import Suggestion
from tests.inbox.helpers import signed_only, signed_post  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion(agent):
    return Suggestion.objects.create(agent=agent, channel="chat", public=False,
                                     text="does data roll over", language="en",
                                     drafts=[{"text": "Hi", "entry": None}])


def test_numbers_and_booleans_are_not_text(agent_client, suggestion):
    ask = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/ask-lead/", {"note": 0},
                            format="json")
    assert ask.status_code == 400 and ask.json() == {"note": ["Must be text (a JSON string)."]}
    assert not OpenQuestion.objects.exists()
    body = {"text": "Does data roll over?", "channel": "chat", "public": False,
            "history": [0]}
    assert agent_client.post("/api/v1/suggestions/", body, format="json").status_code == 400
    feedback = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/feedback/",
                                 {"action": "rejected", "reason": True}, format="json")
    assert feedback.status_code == 400 and "reason" in feedback.json()


def test_integers_and_booleans_take_only_their_json_types(agent_client, suggestion):
    body = {"text": "Does data roll over?", "channel": "chat", "public": "true"}
    response = agent_client.post("/api/v1/suggestions/", body, format="json")
    assert response.status_code == 400 and response.json() == {"public": ["Must be true or false."]}
    draft = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/feedback/",
                              {"action": "sent", "draft": "0"}, format="json")
    assert draft.status_code == 400
    assert draft.json() == {"draft": ["Must be a whole number (a JSON integer)."]}


def test_an_unknown_body_field_is_refused(agent_client, suggestion):
    response = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/ask-lead/",
                                 {"note": "please", "urgent": True}, format="json")
    assert response.status_code == 400 and response.json() == {"urgent": ["Unknown field."]}
    assert not OpenQuestion.objects.exists()


def test_a_read_only_field_in_a_write_is_named(lead_client):
    body = {"title": "Roaming", "answer": "Roaming is free in the EU.", "language": "en",
            "version": 7}
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400 and response.json() == {"version": ["Read-only field."]}


def test_a_nul_anywhere_in_a_json_body_is_a_400_after_authentication(agent_client):
    body = '{"text": "hi", "channel": "chat", "public": false, "x\\u0000": 1}'
    anonymous = APIClient().post("/api/v1/suggestions/", body, content_type="application/json")
    assert anonymous.status_code == 401  # who you are comes before what you sent
    signed_in = agent_client.post("/api/v1/suggestions/", body, content_type="application/json")
    assert signed_in.status_code == 400 and "NUL" in signed_in.json()["detail"]


def test_a_nul_in_a_slug_never_reaches_the_database(lead_client):
    """PostgreSQL refuses NUL inside a query (a 500); the slug lookup of topics and team is
    refused before it."""
    body = {"title": "Roaming", "answer": "Roaming is free in the EU.", "language": "en",
            "topics": ["roam\u0000ing"]}
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400
    assert not Entry.objects.exists()


def test_an_empty_team_slug_is_not_null(lead_client):
    body = {"title": "Roaming", "answer": "Roaming is free in the EU.", "language": "en",
            "team": ""}
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400 and "team" in response.json()


def test_a_webhook_checks_its_signature_before_its_body(client, signed_only):  # noqa: F811
    body = '{"id": "1", "thread": "t", "channel": "chat", "text": "hi", "x\\u0000": 1}'
    unsigned = client.post("/api/v1/inbox/webhooks/signed/", data=body,
                           content_type="application/json")
    assert unsigned.status_code == 403
    signed = signed_post(client, {"id": "1", "thread": "t", "channel": "chat",
                                  "text": "hi\u0000there"})
    assert signed.status_code == 400 and "body" in signed.json()
    assert not Message.objects.exists()


def test_a_missing_referenced_object_is_a_404_and_a_decided_one_a_409(agent_client,
                                                                       suggestion):
    missing = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/draft-from/",
                                {"entry": 999999}, format="json")
    assert missing.status_code == 404
    assert missing.json() == {"entry": ["No published entry with that id."]}
    no_entry = agent_client.post(f"/api/v1/suggestions/{suggestion.pk}/propose/",
                                 {"draft": 0, "answer": "Better answer."}, format="json")
    assert no_entry.status_code == 409
    assert no_entry.json() == {"draft": ["That draft is not based on a handbook entry."]}


def test_query_parameters_are_what_the_schema_says(agent_client):
    assert agent_client.get("/api/v1/inbox/conversations/?mine=null").status_code == 400
    assert agent_client.get("/api/v1/inbox/conversations/?mine=true").status_code == 200
    assert agent_client.get("/api/v1/search/?q=roaming&k=").status_code == 400
    # The public search takes an empty lang as "not given" (a widget's unset select), and
    # its schema says so.
    assert APIClient().get("/api/v1/public/search?q=roaming&lang=").status_code == 200


def test_the_schema_describes_the_strict_input(lead_client):
    schema = yaml.safe_load(lead_client.get("/api/v1/schema/").content)
    components = schema["components"]["schemas"]
    assert components["AskLeadRequest"]["additionalProperties"] is False
    assert components["SignedMessageRequest"].get("additionalProperties") is not False
    assert components["GapIdsRequest"]["properties"]["message_ids"]["minItems"] == 1
    feedback = components["FeedbackRequest"]["anyOf"]
    sent = next(v for v in feedback if v["properties"]["action"]["enum"] == ["sent"])
    assert "draft" in sent["required"]
    lang = next(p for p in schema["paths"]["/api/v1/public/search"]["get"]["parameters"]
                if p["name"] == "lang")
    assert "" in lang["schema"]["enum"]
    token = schema["paths"]["/api/v1/auth/token/"]["post"]["responses"]
    assert "401" in token and "400" in token
    assert "414" in schema["paths"]["/api/v1/search/"]["get"]["responses"]


def test_a_missing_slug_is_a_404_and_a_taken_key_a_409(lead_client):
    body = {"title": "Roaming", "answer": "Roaming is free in the EU.", "language": "en"}
    team = lead_client.post("/api/v1/entries/", {**body, "team": "no-such-team"}, format="json")
    assert team.status_code == 404 and "team" in team.json()
    first = lead_client.post("/api/v1/entries/", {**body, "external_key": "roam-1"},
                             format="json")
    assert first.status_code == 201
    again = lead_client.post("/api/v1/entries/", {**body, "external_key": "roam-1"},
                             format="json")
    assert again.status_code == 409 and "external_key" in again.json()
    assert Entry.objects.count() == 1
