"""The whole flow with real services: PostgreSQL, Redis and real Celery worker processes.

webhook in → conversation → drafts ready (worker) → agent sends → reply out through the
connector (worker, against a local Graph API) → response clock stops. And: a worker killed
mid-task loses and duplicates nothing (acks_late + idempotent tasks)."""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid

import pytest
from rest_framework.test import APIClient

from tests.inbox.helpers import META_SECRET, SIGNED_SECRET, meta_post, signed_post
from tests.platforms import platform  # noqa: F401 - fixture
from tests.services import (
    STARTUP_SECONDS,
    VENV_BIN,
    Process,
    _show_logs,
    child_env,
    requires_services,
    wait_until,
)

pytestmark = [pytest.mark.services, requires_services]
PAGE_ID = "1029384756"


@pytest.fixture
def workers(transactional_db, tmp_path, platform, settings):  # noqa: F811
    """Factory: start a real Celery worker (solo pool) with the platform's settings."""
    from project.celery import app

    settings.SVAR_META_APP_SECRET = META_SECRET
    settings.SVAR_SIGNED_WEBHOOK_SECRET = SIGNED_SECRET
    app.conf.task_always_eager = False
    app.control.purge()
    env = {"SVAR_META_APP_SECRET": META_SECRET, "SVAR_SIGNED_WEBHOOK_SECRET": SIGNED_SECRET,
           "SVAR_META_GRAPH_URL": platform.url + "/v21.0",
           "SVAR_META_PAGE_TOKENS": f"{PAGE_ID}=page-token",
           # A task a killed worker held goes to the next worker after 5 s.
           "SVAR_BROKER_VISIBILITY_TIMEOUT": "5", "SVAR_INDEX_POLL_SECONDS": "0.5"}
    started: list[Process] = []

    def start() -> Process:
        hostname = f"svar-inbox-{uuid.uuid4().hex[:8]}@localhost"
        proc = Process(f"worker-{len(started)}", [
            str(VENV_BIN / "celery"), "-A", "project", "worker", "--pool", "solo",
            "--concurrency", "1", "-Q", "celery", "-n", hostname, "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ], child_env(**env), tmp_path)
        started.append(proc)
        wait_until(lambda: app.control.ping(destination=[hostname], timeout=0.5),
                   timeout=STARTUP_SECONDS, process=proc, what="the worker to answer ping")
        return proc

    try:
        yield start
    finally:
        for proc in started:
            proc.stop()
        _show_logs(started)


@pytest.fixture
def handbook(make_entry):
    return make_entry("Data rollover", "Unused data rolls over to the next month.",
                      questions=["does unused data roll over", "do I keep my unused data"])


def messenger(mid: str, text: str) -> dict:
    # Messenger "Text Message" example (developers.facebook.com/docs/messenger-platform/
    # reference/webhook-events/messages) in its page entry.
    return {"object": "page", "entry": [{"id": PAGE_ID, "time": int(time.time() * 1000),
            "messaging": [{"sender": {"id": "6783451234"}, "recipient": {"id": PAGE_ID},
                           "timestamp": int(time.time() * 1000),
                           "message": {"mid": mid, "text": text}}]}]}


def test_webhook_to_drafts_to_reply_out_and_the_clock_stops(workers, handbook, agent,
                                                            platform, client):  # noqa: F811
    from inbox.models import Conversation, Message, Reply
    from kb.models import Embedding

    worker = workers()
    # The entry's re-index ran in the worker: its texts are embedded for every process.
    wait_until(lambda: Embedding.objects.exists(), timeout=60, process=worker,
               what="the entry to be indexed")
    path = f"/v21.0/{PAGE_ID}/messages"
    # The Graph API says slow down once (429, Retry-After), then accepts.
    platform.answer(path, (429, {"error": {"message": "Too many calls"}}, {"Retry-After": "1"}),
                    (200, {"recipient_id": "6783451234", "message_id": "m_out_1"}))

    # A refused delivery first: this process's first request imports and resolves the URL
    # conf; the figure asserted below is the answer to a delivery, not that warm-up.
    assert meta_post(client, messenger("mid.warm", "hi"), secret="not-meta").status_code == 403
    started = time.monotonic()
    response = meta_post(client, messenger("mid.flow.1", "Hi! does unused data roll over?"))
    answered = time.monotonic() - started
    assert response.status_code == 200 and response.json()["new"] == 1
    assert answered < 1.0  # the webhook hands the work over and answers
    message = wait_until(lambda: Message.objects.filter(suggestion__isnull=False).first(),
                         timeout=30, process=worker, what="drafts for the message")
    drafts = message.suggestion.drafts
    assert drafts and drafts[0]["entry"]["id"] == handbook.pk

    api = APIClient()
    api.force_authenticate(agent)
    conversation = Conversation.objects.get()
    detail = api.get(f"/api/v1/inbox/conversations/{conversation.pk}/").json()
    assert detail["drafts_ready"] and detail["waiting_seconds"] is not None
    sent = api.post(f"/api/v1/inbox/conversations/{conversation.pk}/send/",
                    {"text": drafts[0]["text"], "draft": 0}, format="json")
    assert sent.status_code == 202

    reply = wait_until(lambda: Reply.objects.filter(state="sent").first(), timeout=60,
                       process=worker, what="the reply to go out")
    assert len(platform.to(path)) == 2  # retried after the 429
    assert platform.to(path)[-1].json()["message"] == {"text": drafts[0]["text"]}
    assert reply.external_id == "m_out_1" and reply.attempts == 2
    conversation.refresh_from_db()
    assert conversation.waiting_since is None and conversation.first_response_at is not None
    assert conversation.status == "waiting_on_customer"
    assert message.suggestion.feedback.get().action == "sent"


def _message_being_drafted(Message) -> int | None:  # noqa: N803 - the model class
    from django.db import DatabaseError, transaction

    for pk in Message.objects.filter(suggestion__isnull=True).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                list(Message.objects.select_for_update(nowait=True).filter(pk=pk))
        except DatabaseError:
            return pk
    return None


def test_a_worker_killed_mid_task_loses_and_duplicates_nothing(workers, handbook,
                                                               client):  # noqa: F811
    from inbox.models import Message
    from kb.models import Embedding
    from suggest.models import Suggestion

    first = workers()
    wait_until(lambda: Embedding.objects.exists(), timeout=60, process=first,
               what="the entry to be indexed")
    total = 30
    for i in range(total):
        signed_post(client, {"id": f"k{i}", "thread": f"t{i}", "channel": "chat",
                             "text": f"does unused data roll over? ({i})"})
        if i % 2:  # a duplicate delivery of every other message
            signed_post(client, {"id": f"k{i}", "thread": f"t{i}", "channel": "chat",
                                 "text": f"does unused data roll over? ({i})"})
    wait_until(lambda: Message.objects.filter(suggestion__isnull=False).count() >= 3,
               timeout=60, process=first, what="the first drafts")
    # Kill it while it holds a message (the task locks the message's row while it drafts).
    busy = wait_until(lambda: _message_being_drafted(Message), timeout=30, interval=0.01,
                      process=first, what="the worker to be mid-task")
    with contextlib.suppress(ProcessLookupError):
        os.killpg(first.popen.pid, signal.SIGKILL)  # no warm shutdown
    first.popen.wait(10)
    assert Message.objects.get(pk=busy).suggestion_id is None  # killed before it finished

    second = workers()
    wait_until(lambda: Message.objects.filter(suggestion__isnull=False).count() == total,
               timeout=120, process=second, what="every message drafted after the restart")
    assert Message.objects.count() == total
    # One suggestion per message: none computed twice, none orphaned by the kill.
    assert Suggestion.objects.count() == total
    assert set(Message.objects.values_list("suggestion", flat=True)) == set(
        Suggestion.objects.values_list("pk", flat=True))
