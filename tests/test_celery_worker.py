"""A task enqueued by the web side runs in a separate, real Celery worker process."""

import pytest

from tests.services import celery_worker, requires_services  # noqa: F401 - fixture

pytestmark = [pytest.mark.services, requires_services]


def test_reindex_task_runs_in_the_worker_and_bumps_the_generation(celery_worker):  # noqa: F811
    from kb.models import Embedding, Entry, IndexState
    from kb.search.upkeep import reindex_entries

    # bulk_create: no signals, so the only task in the queue is the one this test sends.
    entry = Entry.objects.bulk_create([Entry(
        title="Can I change my delivery address?", slug="delivery-address", language="en",
        answer="Yes, until the parcel leaves the warehouse.", why="Cheap before dispatch.",
        status=Entry.Status.PUBLISHED, audience=Entry.Audience.PUBLIC)])[0]
    before = IndexState.current_generation()

    result = reindex_entries.delay([entry.pk])
    generation = result.get(timeout=60)

    assert generation == before + 1
    assert IndexState.current_generation() == generation
    # The worker embedded the entry's texts and stored them where every web process reads.
    assert Embedding.objects.count() >= 2
    assert all(len(bytes(v)) == 4 * d for v, d in Embedding.objects.values_list("vector", "dim"))
