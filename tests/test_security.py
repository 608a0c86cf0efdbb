"""Web security: CSP, CSRF, body limits, token authentication, login rate limiting."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PAGES = ["/", "/help/", "/accounts/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_content_security_policy_without_inline_script(client, db, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert b"<script>" not in response.content  # scripts only from files


def test_logged_in_pages_have_no_inline_script_either(client, agent, lead):
    pages = ((agent, ["/agent/", "/leads/mine/"]), (lead, ["/leads/", "/leads/health/"]))
    for user, paths in pages:
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
            assert b"<script>" not in response.content, path
            assert b" onclick=" not in response.content, path


def test_session_writes_need_the_csrf_token(agent):
    client = APIClient(enforce_csrf_checks=True)
    client.login(username="agent1", password="pw-agent1")
    body = {"text": "hi", "channel": "chat", "public": False}
    response = client.post("/api/v1/suggestions/", body, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_token_authentication_for_scripts(agent, db):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "agent1", "password": "pw-agent1"},
                           format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(user=agent).key == token
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/entries/").status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/entries/").status_code == 401


def test_wrong_password_gets_no_token(agent):
    """Wrong credentials are a 401 that says so (the request itself is well formed); a body
    that is not a user name and a password is a 400 with field messages."""
    response = APIClient().post("/api/v1/auth/token/", {"username": "agent1", "password": "x"},
                                format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Wrong user name or password."}
    assert response["WWW-Authenticate"].startswith("Token")
    assert "token" not in response.json()
    malformed = APIClient().post("/api/v1/auth/token/", {"username": 5, "password": True},
                                 format="json")
    assert malformed.status_code == 400
    assert set(malformed.json()) == {"username", "password"}


def test_oversized_request_body_is_refused_with_a_400(agent_client):
    body = {"text": "a" * 400_000, "channel": "chat", "public": False}
    response = agent_client.post("/api/v1/suggestions/", body, format="json")
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_login_is_rate_limited_per_address(db, agent, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "login-test"}}
    client = Client()
    statuses = [client.post("/accounts/login/", {"username": "agent1", "password": "wrong"}
                            ).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    # Even the right password waits until the window has passed.
    assert client.post("/accounts/login/", {"username": "agent1",
                                            "password": "pw-agent1"}).status_code == 429


def test_token_endpoint_is_throttled(db, agent, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "token-test"}}
    client = APIClient()
    codes = [client.post("/api/v1/auth/token/", {"username": "agent1", "password": "x"},
                         format="json").status_code for _ in range(12)]
    assert 429 in codes


@pytest.fixture
def fresh_cache(settings, request):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": request.node.name}}


def test_token_endpoint_cannot_be_brute_forced_with_a_token_in_hand(fresh_cache, agent, lead):
    """The audit: 40 wrong passwords for the lead sent with an agent's token, then the right
    one returned the lead's token. Being signed in must not lift the limit."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=agent).key}")
    codes = [client.post("/api/v1/auth/token/", {"username": "lead1", "password": f"x{i}"},
                         format="json").status_code for i in range(40)]
    assert codes.count(401) <= 10 and codes[-1] == 429
    right = client.post("/api/v1/auth/token/", {"username": "lead1", "password": "pw-lead1"},
                        format="json")
    assert right.status_code == 429 and "token" not in right.json()


def test_token_endpoint_locks_the_username_whatever_the_address(fresh_cache, lead):
    client = APIClient()
    for i in range(10):
        client.post("/api/v1/auth/token/", {"username": "lead1", "password": "x"},
                    format="json", REMOTE_ADDR=f"10.0.0.{i + 1}")
    right = client.post("/api/v1/auth/token/", {"username": "lead1", "password": "pw-lead1"},
                        format="json", REMOTE_ADDR="10.0.1.1")
    assert right.status_code == 429


def test_admin_login_is_locked_after_repeated_failures(fresh_cache, lead):
    lead.is_staff = True
    lead.save()
    client = Client()
    codes = [client.post("/admin/login/", {"username": "lead1", "password": f"x{i}"}
                         ).status_code for i in range(40)]
    assert codes[:10] == [200] * 10 and set(codes[10:]) == {429}
    right = client.post("/admin/login/", {"username": "lead1", "password": "pw-lead1"})
    assert right.status_code == 429
    assert "_auth_user_id" not in client.session


def test_admin_login_still_works(fresh_cache, lead):
    lead.is_staff = True
    lead.save()
    client = Client()
    response = client.post("/admin/login/?next=/admin/", {"username": "lead1",
                                                          "password": "pw-lead1"})
    assert response.status_code == 302 and client.get("/admin/").status_code == 200


@pytest.mark.parametrize("make", [
    lambda c: c.post("/api/v1/entries/", {"title": "x", "team": "a\x00b", "language": "en",
                                          "answer": "y"}, format="json"),
    lambda c: c.post("/api/v1/entries/", "title=x&team=a%00b", content_type=
                     "application/x-www-form-urlencoded"),
    lambda c: c.get("/api/v1/search/?q=a%00b"),
])
def test_nul_characters_are_a_clear_400_not_a_database_error(lead_client, make):
    response = make(lead_client)
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
