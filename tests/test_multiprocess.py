"""Scale-out: two web processes and one Celery worker that share only PostgreSQL and Redis.

A lead publishes through the first process; the second one, never restarted, answers with
the new entry once the worker has embedded it and bumped the index generation. Retiring it
through the first process removes it from both at once (every hit is re-checked in the DB).
"""

import time

import pytest
import requests

from tests.services import (  # noqa: F401 - fixtures
    celery_worker,
    requires_services,
    wait_until,
    web_process,
)

pytestmark = [pytest.mark.services, requires_services]

QUERY = "can my parrot travel in the cabin"


@pytest.fixture
def lead_token(transactional_db, django_user_model):
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    from kb.roles import ensure_roles

    ensure_roles()
    user = django_user_model.objects.create_user("lead-mp", password="pw-lead-mp",
                                                 first_name="Ingrid")
    user.groups.add(Group.objects.get(name="leads"))
    return Token.objects.create(user=user).key


def search_ids(base: str, token: str) -> list[int]:
    response = requests.get(f"{base}/api/v1/search/", params={"q": QUERY, "audience": "all"},
                            headers={"Authorization": f"Token {token}"}, timeout=10)
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["results"]]


def test_publish_on_one_process_is_found_on_the_other(celery_worker, web_process,  # noqa: F811
                                                      lead_token):
    first, second = web_process(), web_process()
    auth = {"Authorization": f"Token {lead_token}"}
    assert search_ids(second, lead_token) == []  # nothing published yet

    created = requests.post(f"{first}/api/v1/entries/", json={
        "title": "Pets in the cabin",
        "answer": "Small pets such as cats, dogs and birds may travel in the cabin in a "
                  "closed carrier under the seat.",
        "why": "Animals travel calmer with their owner; the carrier keeps other guests safe.",
        "language": "en", "audience": "public", "status": "draft",
        "questions": ["Can my parrot travel in the cabin with me?",
                      "May I bring my cat on board?"],
    }, headers=auth, timeout=30)
    assert created.status_code == 201, created.text
    entry_id = created.json()["id"]
    assert entry_id not in search_ids(second, lead_token)  # a draft is never found

    published_at = time.monotonic()
    response = requests.post(f"{first}/api/v1/entries/{entry_id}/publish/", headers=auth,
                             timeout=30)
    assert response.status_code == 200, response.text
    wait_until(lambda: entry_id in search_ids(second, lead_token), timeout=30, interval=0.1,
               process=web_process.processes[second], what="the second process to find it")
    propagation = time.monotonic() - published_at
    wait_until(lambda: entry_id in search_ids(first, lead_token), timeout=10, interval=0.1,
               what="the first process to find it")
    print(f"\npublish on {first} -> found on {second}: {propagation:.2f} s")

    retired_at = time.monotonic()
    response = requests.post(f"{first}/api/v1/entries/{entry_id}/retire/", headers=auth,
                             timeout=30)
    assert response.status_code == 200, response.text
    # The database re-check drops it at once, on both, before any re-index.
    assert entry_id not in search_ids(second, lead_token)
    assert entry_id not in search_ids(first, lead_token)
    print(f"retire on {first} -> gone on both: {time.monotonic() - retired_at:.2f} s")
    assert propagation < 15
