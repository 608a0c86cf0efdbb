"""Liveness and readiness, as a load balancer or an orchestrator reads them."""

from django.conf import settings


def test_health_answers_without_touching_anything(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_tells_anonymous_callers_only_the_verdict(client, db, settings):
    """The audit: anonymous /ready/ showed the broker state and the index generations."""
    response = client.get("/ready/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    settings.SVAR_READY_TOKEN = "probe-secret"
    assert client.get("/ready/", HTTP_X_SVAR_READY_TOKEN="wrong").json() == {"status": "ok"}
    detailed = client.get("/ready/", HTTP_X_SVAR_READY_TOKEN="probe-secret").json()
    assert detailed["database"] == "ok" and "broker" in detailed


def test_ready_tells_an_agent_only_the_verdict(client, agent):
    client.force_login(agent)
    assert client.get("/ready/").json() == {"status": "ok"}


def test_ready_reports_database_broker_model_and_served_generation(client, lead,
                                                                  make_entry):
    from kb.models import IndexState
    from kb.search.service import search

    entry = make_entry("Opening hours", "10 to 20 on weekdays.", questions=["When do you open?"])
    IndexState.bump()
    assert entry in [hit.entry for hit in search("when do you open", audience="all").hits]

    client.force_login(lead)
    response = client.get("/ready/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    if settings.CELERY_BROKER_URL:
        assert body["broker"] == "ok"
    else:
        assert body["broker"].startswith("eager")
    assert body["model_loaded"] is True
    assert body["index_generation_db"] == IndexState.current_generation()
    assert body["index_generation_served"] == body["index_generation_db"]
