"""Shared fixtures: users in their roles, API clients, and the per-process search index."""

import os

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks run eagerly in tests, also when CI sets a broker: a test that wants the real
    worker asks for the `celery_worker` fixture (tests/services.py), which turns this off."""
    from project.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _index_per_test(settings):
    """Each test sees the index of its own database state, swapped synchronously."""
    from django.core.cache import cache

    from kb.search.service import holder

    cache.clear()  # cached answers and throttle counters must not leak between tests
    settings.SVAR_INDEX_POLL_SECONDS = 0
    settings.SVAR_INDEX_RETRY_SECONDS = 0
    # Test users log in often; a deliberately slow password hash only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
    from kb.entries import entry_create
    from kb.models import Entry

    def make(title, answer, *, language="en", audience="public", status="published",
             questions=(), group="", short_answer="", why="Because.", kind="faq", team=None):
        entry = Entry(title=title, answer=answer, language=language, audience=audience,
                      status=status, translation_group=group, short_answer=short_answer,
                      why=why, kind=kind, team=team)
        entry_create(entry, message="test", questions=list(questions), announce=False)
        return entry

    return make


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no browser download)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def login(page, live_server, username, password):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()
