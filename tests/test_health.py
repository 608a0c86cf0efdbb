"""Liveness and readiness, as a load balancer or an orchestrator reads them."""

from django.conf import settings


def test_health_answers_without_touching_anything(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_ready_reports_database_broker_model_and_served_generation(client, make_entry):
    from kb.models import IndexState
    from kb.search.service import search

    entry = make_entry("Opening hours", "10 to 20 on weekdays.", questions=["When do you open?"])
    IndexState.bump()
    assert entry in [hit.entry for hit in search("when do you open", audience="all").hits]

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
