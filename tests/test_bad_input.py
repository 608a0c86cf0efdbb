"""Hostile input the audit sent (issue 15): a client mistake is a 400 or a 404, never a 500."""

import pytest
from django.test import Client

NUL_PATHS = ["/help/en/%00/", "/help/%00/x/", "/help/en/x%00/answer/", "/help/en/x%00/vote/",
             "/help/%00/x/answer/", "/help/en/%00/?q=x"]


@pytest.mark.parametrize("path", NUL_PATHS)
def test_nul_in_a_help_path_is_refused_not_a_500(db, path):
    client = Client(raise_request_exception=False)
    response = (client.post(path, {"helpful": "yes"}) if path.endswith("vote/")
                else client.get(path))
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("path", ["/leads/questions/%00/", "/api/v1/entries/%00/"])
def test_nul_elsewhere_is_a_400(lead_client, path):
    assert lead_client.get(path).status_code in (400, 404)


JSON_ENDPOINTS = ["/api/v1/auth/token/", "/api/v1/suggestions/", "/api/v1/entries/",
                  "/api/v1/privacy/export/", "/api/v1/leads/questions/answer/"]


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_deeply_nested_json_is_a_400(lead_client, path):
    """The audit: `[` × 100,000 (200 KB) made the parser overflow its stack on every JSON
    endpoint."""
    for body in ("[" * 100_000, '{"a":' * 50_000):
        response = lead_client.generic("POST", path, body, content_type="application/json")
        assert response.status_code == 400, (path, body[:5])
        assert "JSON" in response.json()["detail"]


@pytest.mark.parametrize("body", [
    '{"text": "hei", "channel": "\\ud800", "public": false}',
    '{"text": "hei \\udfff", "channel": "chat", "public": false}',
    '{"text": "hei", "channel": "chat", "public": false, "customer_name": "\\ud83d"}',
])
def test_a_lone_surrogate_is_a_400(agent_client, body):
    response = agent_client.generic("POST", "/api/v1/suggestions/", body,
                                    content_type="application/json")
    assert response.status_code == 400
    assert response.json()


def test_a_surrogate_pair_written_as_escapes_is_fine(agent_client):
    body = '{"text": "Takk \\ud83d\\ude00", "channel": "chat", "public": false}'
    response = agent_client.generic("POST", "/api/v1/suggestions/", body,
                                    content_type="application/json")
    assert response.status_code == 201


@pytest.mark.parametrize("field, limit", [("answer", 20000), ("why", 5000), ("title", 300)])
def test_entry_texts_have_the_forms_length_limits_in_the_api(lead_client, field, limit):
    """The audit: a 240 KB answer was accepted through the API (29.6 s); the forms cap it."""
    body = {"title": "Long", "language": "en", "answer": "Short answer."}
    body[field] = "word " * (limit // 5) + "x"
    response = lead_client.post("/api/v1/entries/", body, format="json")
    assert response.status_code == 400 and field in response.json()
    body[field] = ("word " * (limit // 5))[:limit]
    assert lead_client.post("/api/v1/entries/", body, format="json").status_code == 201


def test_the_length_limit_holds_for_every_write_path(db):
    from django.core.exceptions import ValidationError

    from kb.entries import entry_create
    from kb.models import Entry

    with pytest.raises(ValidationError, match="20000"):
        entry_create(Entry(title="Long", language="en", answer="a " * 10001))
    assert not Entry.objects.exists()


def test_a_blank_external_key_is_no_key_not_a_database_error(lead_client):
    """Schemathesis (issue 15 re-run): two entries PUT with external_key "" were a 500
    (DRF skips its unique check for blank values; PostgreSQL's unique index did not)."""
    ids = []
    for title in ("First", "Second"):
        response = lead_client.post("/api/v1/entries/", {
            "title": title, "language": "en", "answer": "Fine.", "external_key": ""},
            format="json")
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    again = lead_client.put(f"/api/v1/entries/{ids[0]}/", {
        "title": "First", "language": "en", "answer": "Fine.", "external_key": ""},
        format="json")
    assert again.status_code == 200 and again.json()["external_key"] is None
