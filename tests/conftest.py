"""Shared fixtures: users in their roles, API clients, and the per-process search index."""

import os

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(autouse=True)
def _index_per_test(settings):
    """Each test sees the index of its own database state, swapped synchronously."""
    from kb.search.service import holder

    settings.SVAR_INDEX_POLL_SECONDS = 0
    settings.SVAR_INDEX_BACKGROUND_SWAP = False
    holder.reset()
    yield
    holder.reset()


def make_user(django_user_model, username, group, first_name):
    from kb.roles import ensure_roles

    ensure_roles()
    user = django_user_model.objects.create_user(username=username, password="pw-" + username,
                                                 first_name=first_name)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def agent(db, django_user_model):
    return make_user(django_user_model, "agent1", "agents", "Ola")


@pytest.fixture
def lead(db, django_user_model):
    return make_user(django_user_model, "lead1", "leads", "Ingrid")


@pytest.fixture
def outsider(db, django_user_model):
    """Logged in but in no role."""
    return make_user(django_user_model, "outsider", None, "Nils")


@pytest.fixture
def anon_client():
    return APIClient()


@pytest.fixture
def agent_client(agent):
    client = APIClient()
    client.force_authenticate(agent)
    return client


@pytest.fixture
def lead_client(lead):
    client = APIClient()
    client.force_authenticate(lead)
    return client


@pytest.fixture
def make_entry(db):
    """Create a published entry with example questions, through the versioning service."""
    from kb.models import Entry
    from kb.versions import save_entry

    def make(title, answer, *, language="en", audience="public", status="published",
             questions=(), group="", short_answer="", why="Because.", kind="faq", team=None):
        entry = Entry(title=title, answer=answer, language=language, audience=audience,
                      status=status, translation_group=group, short_answer=short_answer,
                      why=why, kind=kind, team=team)
        save_entry(entry, message="test", questions=list(questions))
        return entry

    return make
