"""One write path per entry operation (kb.entries): the audit event commits with the change,
a dead broker delays the re-index but never loses it, and a retried request duplicates
nothing."""

import socket
import time

import pytest

from kb.entries import entry_publish, entry_retire, entry_update
from kb.models import Announcement, AuditEvent, Entry, EntryVersion, IndexState, ReindexRequest
from kb.search import service
from kb.search.upkeep import drain_reindex_requests
from project.celery import app

ENTRIES = "/api/v1/entries/"


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_broker():
    """Tasks go to a real Redis URL whose port is closed: publishing fails for real. The
    process's own connection pools are set aside and put back afterwards."""
    before = (app.conf.broker_url, app.conf.task_always_eager, app._pool,
              app.amqp._producer_pool)
    app.conf.broker_url = f"redis://127.0.0.1:{closed_port()}/0"
    app.conf.task_always_eager = False
    app._pool = app.amqp._producer_pool = None
    yield
    # The dead pool holds no connection (none could open); it is dropped, not closed,
    # because kombu's shared pool registry may hand it to others.
    app.conf.broker_url, app.conf.task_always_eager, app._pool, app.amqp._producer_pool = before


def events(entry, action):
    return AuditEvent.objects.filter(action=action, target_id=str(entry.pk)).count()


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_writes_succeed_with_their_audit_event_and_are_indexed_later(
        lead_client, dead_broker):
    generation = IndexState.current_generation()
    started = time.monotonic()
    created = lead_client.post(ENTRIES, {
        "title": "Can I pause my subscription?", "language": "en", "audience": "public",
        "answer": "Yes, for up to three months a year, in the app under Subscription.",
        "why": "Pausing keeps customers who travel.", "questions": ["pause my plan"]},
        format="json")
    assert created.status_code == 201, created.content
    entry = Entry.objects.get(pk=created.json()["id"])
    published = lead_client.post(f"{ENTRIES}{entry.pk}/publish/")
    assert published.status_code == 200, published.content
    assert time.monotonic() - started < 15  # no 19 s of publish retries per write

    assert events(entry, "entry.created") == 1
    assert events(entry, "entry.published") == 1
    assert ReindexRequest.objects.exists()  # owed, not lost
    assert IndexState.current_generation() == generation  # no web process knows yet

    # The broker is back: the periodic drain (Celery beat) re-indexes what was owed.
    app.conf.task_always_eager = True
    assert drain_reindex_requests() == generation + 1
    assert not ReindexRequest.objects.exists()
    hits = service.search("pause my subscription", language="en", audience=service.PUBLIC).hits
    assert hits and hits[0].entry.pk == entry.pk


@pytest.mark.django_db(transaction=True)
def test_a_failed_drain_keeps_the_outbox_for_the_next_one(make_entry, monkeypatch):
    entry = make_entry("Do you ship to Iceland?", "Yes, within a week.")
    ReindexRequest.objects.all().delete()
    ReindexRequest.objects.create(entry_ids=[entry.pk])

    def broken(*args, **kwargs):
        raise RuntimeError("encoder crashed")

    monkeypatch.setattr("kb.search.upkeep.ensure_embeddings", broken)
    with pytest.raises(RuntimeError):
        drain_reindex_requests()
    assert ReindexRequest.objects.filter(entry_ids=[entry.pk]).exists()
    monkeypatch.undo()
    assert drain_reindex_requests() is not None
    assert not ReindexRequest.objects.exists()


@pytest.mark.django_db
def test_a_retried_publish_or_retire_duplicates_no_version_announcement_or_event(make_entry,
                                                                                  lead):
    entry = make_entry("Can I change my PIN?", "Yes, in the app.", status="draft")
    entry_publish(entry, user=lead)
    entry_publish(entry, user=lead)  # the client retried
    assert EntryVersion.objects.filter(entry=entry).count() == 2
    assert Announcement.objects.filter(entry=entry).count() == 1
    assert events(entry, "entry.published") == 1
    entry_retire(entry, user=lead)
    entry_retire(entry, user=lead)
    assert EntryVersion.objects.filter(entry=entry).count() == 3
    assert events(entry, "entry.retired") == 1


@pytest.mark.django_db
def test_an_update_that_changes_nothing_makes_no_version(make_entry, lead):
    entry = make_entry("Can I change my PIN?", "Yes, in the app.")
    entry_update(entry, user=lead, questions=[])
    assert EntryVersion.objects.filter(entry=entry).count() == 1
    entry.answer = "Yes, in the app or in a shop."
    entry_update(entry, user=lead)
    assert EntryVersion.objects.filter(entry=entry).count() == 2
    assert events(entry, "entry.changed") == 1


@pytest.mark.django_db
def test_the_admin_writes_through_the_same_path(client, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(admin)
    form = {"title": "Can I get a paper invoice?", "slug": "paper-invoice", "external_key": "",
            "translation_group": "", "answer": "Yes, for 39 kr a month.", "short_answer": "",
            "why": "Paper costs us.", "kind": "faq", "audience": "public", "language": "en",
            "status": "published",
            "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
            "questions-0-text": "paper bill", "questions-0-status": "accepted",
            "questions-0-source": "lead",
            "versions-TOTAL_FORMS": "0", "versions-INITIAL_FORMS": "0"}
    response = client.post("/admin/kb/entry/add/", form)
    body = response.content.decode()
    assert response.status_code == 302, [line for line in body.splitlines() if "error" in line]
    entry = Entry.objects.get(title="Can I get a paper invoice?")
    version = entry.versions.get()
    assert version.data["questions"] == ["paper bill"]
    assert entry.published_at is not None
    assert AuditEvent.objects.get(action="entry.created", target_id=str(entry.pk)).detail[
        "via"] == "admin"
