"""Every route, checked for anonymous, agent and lead users against an explicit table.
A new route without a row here fails `test_every_route_has_a_row`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from inbox.models import ChorusAlert, Conversation, Message
from kb.models import Announcement, Entry, Proposal
from suggest.models import Suggestion

ROLES = ("anon", "agent", "lead")
LOGIN = 302  # pages send anonymous users to the login page
DENIED = 403

# route pattern → {method: (anonymous, agent, lead)}. POSTs are sent with an empty body, so
# an allowed write usually answers 400 (a field is missing) and a denied one 401/403.
TABLE = {
    "": {"GET": (200, 200, 200)},
    "health/": {"GET": (200, 200, 200)},
    "ready/": {"GET": (200, 200, 200)},
    "accounts/login/": {"GET": (200, 200, 200)},
    "accounts/logout/": {"POST": (302, 302, 302)},
    "api/v1/auth/token/": {"POST": (400, 400, 400)},
    "api/v1/schema/": {"GET": (401, 200, 200)},
    "api/v1/search/": {"GET": (401, 400, 400)},
    "api/v1/public/search": {"GET": (200, 200, 200)},
    "api/v1/leads/questions/": {"GET": (401, 403, 200)},
    "api/v1/leads/questions/answer/": {"POST": (401, 403, 400)},
    "api/v1/leads/questions/link/": {"POST": (401, 403, 400)},
    "api/v1/leads/questions/dismiss/": {"POST": (401, 403, 400)},
    "api/v1/leads/proposals/": {"GET": (401, 200, 200), "POST": (401, 400, 400)},
    "api/v1/leads/proposals/<int:pk>/approve/": {"POST": (401, 403, 200)},
    "api/v1/leads/proposals/<int:pk>/reject/": {"POST": (401, 403, 400)},
    "api/v1/leads/wordings/": {"GET": (401, 403, 200)},
    "api/v1/leads/wordings/accept/": {"POST": (401, 403, 400)},
    "api/v1/leads/wordings/discard/": {"POST": (401, 403, 400)},
    "api/v1/leads/health/": {"GET": (401, 403, 200)},
    "api/v1/leads/gaps/": {"GET": (401, 403, 200)},
    "api/v1/leads/gaps/ask/": {"POST": (401, 403, 400)},
    "api/v1/leads/announcements/": {"GET": (401, 200, 200)},
    "api/v1/leads/announcements/<int:pk>/read/": {"POST": (401, 200, 200)},
    "api/v1/leads/notifications/": {"GET": (401, 200, 200)},
    "api/v1/leads/mine/": {"GET": (401, 200, 200)},
    "api/v1/^entries/$": {"GET": (401, 200, 200), "POST": (401, 403, 400)},
    "api/v1/^entries/(?P<pk>[^/.]+)/$": {"GET": (401, 200, 200), "PATCH": (401, 403, 200),
                                         "DELETE": (401, 403, 204)},
    "api/v1/^entries/(?P<pk>[^/.]+)/diff/$": {"GET": (401, 400, 400)},
    "api/v1/^entries/(?P<pk>[^/.]+)/publish/$": {"POST": (401, 403, 200)},
    "api/v1/^entries/(?P<pk>[^/.]+)/retire/$": {"POST": (401, 403, 200)},
    "api/v1/^entries/(?P<pk>[^/.]+)/versions/$": {"GET": (401, 200, 200)},
    "api/v1/^entries/(?P<pk>[^/.]+)/versions/(?P<number>\\d+)/$": {"GET": (401, 200, 200)},
    "api/v1/^entries/(?P<pk>[^/.]+)/versions/(?P<number>\\d+)/restore/$":
        {"POST": (401, 403, 200)},
    "api/v1/decisions/": {"GET": (401, 200, 200)},
    "api/v1/decisions/<path:group>/": {"GET": (401, 200, 200)},
    "api/v1/entries/<int:pk>/translations/": {"POST": (401, 403, 400)},
    # The world's entry is no translation: a 400 saying so.
    "api/v1/entries/<int:pk>/up-to-date/": {"POST": (401, 403, 409)},
    "api/v1/suggestions/": {"POST": (401, 400, 400)},
    "api/v1/suggestions/<int:pk>/feedback/": {"POST": (401, 400, 400)},
    "api/v1/suggestions/<int:pk>/ask-lead/": {"POST": (401, 201, 201)},
    "api/v1/suggestions/<int:pk>/propose/": {"POST": (401, 400, 400)},
    "api/v1/suggestions/<int:pk>/draft-from/": {"POST": (401, 400, 400)},
    "api/v1/privacy/export/": {"POST": (401, 403, 400)},
    "api/v1/privacy/erase/": {"POST": (401, 403, 400)},
    "api/v1/audit/": {"GET": (401, 403, 200)},
    "help/": {"GET": (200, 200, 200)},
    "help/<lang:language>/<slug:slug>/": {"GET": (200, 200, 200)},
    "help/<lang:language>/<slug:slug>/answer/": {"GET": (200, 200, 200)},
    # A plain form post without a choice goes back to the answer (JSON callers get a 400).
    "help/<lang:language>/<slug:slug>/vote/": {"POST": (302, 302, 302)},
    "leads/": {"GET": (LOGIN, DENIED, 200)},
    # Without ?ids= there is nothing to answer: back to the queue.
    "leads/questions/answer/": {"GET": (LOGIN, DENIED, 302)},
    "leads/questions/link/": {"GET": (LOGIN, DENIED, 302)},
    "leads/questions/dismiss/": {"POST": (LOGIN, DENIED, 302)},
    "leads/proposals/": {"GET": (LOGIN, DENIED, 200)},
    "leads/proposals/<int:pk>/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/new/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/preview/": {"POST": (LOGIN, DENIED, 200)},
    "leads/entries/<int:pk>/edit/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/<int:pk>/publish/": {"POST": (LOGIN, DENIED, 302)},
    "leads/voice/": {"GET": (LOGIN, DENIED, 200)},
    "leads/people/": {"GET": (LOGIN, DENIED, 200)},
    "leads/people/<int:pk>/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/<int:pk>/history/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/<int:pk>/restore/": {"POST": (LOGIN, DENIED, 302)},
    "leads/wordings/": {"GET": (LOGIN, DENIED, 200)},
    "leads/health/": {"GET": (LOGIN, DENIED, 200)},
    "leads/gaps/": {"GET": (LOGIN, DENIED, 200)},
    "leads/gaps/ask/": {"POST": (LOGIN, DENIED, 302)},
    "leads/gaps/answer/": {"POST": (LOGIN, DENIED, 302)},
    "leads/mine/": {"GET": (LOGIN, 200, 200)},
    "leads/decisions/": {"GET": (LOGIN, DENIED, 200)},
    "leads/decisions/<path:group>/": {"GET": (LOGIN, DENIED, 200)},
    "leads/entries/<int:pk>/up-to-date/": {"POST": (LOGIN, DENIED, 302)},
    # A post without a language, title or answer is the form again with the errors.
    "leads/entries/<int:pk>/translate/": {"GET": (LOGIN, DENIED, 200),
                                           "POST": (LOGIN, DENIED, 400)},
    "agent/": {"GET": (LOGIN, 200, 200)},
    "handbook/": {"GET": (LOGIN, 200, 200)},
    "handbook/<int:pk>/": {"GET": (LOGIN, 200, 200)},
    "announcements/": {"GET": (LOGIN, 200, 200)},
    "announcements/<int:pk>/read/": {"POST": (LOGIN, 302, 302)},
    "announcements/read-all/": {"POST": (LOGIN, 302, 302)},
    "agent/announcements/<int:pk>/read/": {"POST": (LOGIN, 302, 302)},
    # The inbox. Webhooks authenticate the delivery, not the user: unsigned is 403 for all.
    "api/v1/inbox/webhooks/signed/": {"POST": (403, 403, 403)},
    "api/v1/inbox/webhooks/meta/": {"GET": (403, 403, 403), "POST": (403, 403, 403)},
    "api/v1/inbox/webhooks/chatwoot/<str:token>/": {"POST": (403, 403, 403)},
    "api/v1/inbox/webhooks/email/<str:token>/": {"POST": (403, 403, 403)},
    # X's CRC without its crc_token is a 400 naming it.
    "api/v1/inbox/webhooks/x/": {"GET": (400, 400, 400), "POST": (403, 403, 403)},
    "api/v1/inbox/conversations/": {"GET": (401, 200, 200)},
    "api/v1/inbox/conversations/<int:pk>/": {"GET": (401, 200, 200)},
    "api/v1/inbox/conversations/<int:pk>/send/": {"POST": (401, 400, 400)},
    "api/v1/inbox/conversations/<int:pk>/assign/": {"POST": (401, 400, 400)},
    "api/v1/inbox/conversations/<int:pk>/status/": {"POST": (401, 400, 400)},
    # The signed connector without an outgoing URL cannot hide: a 400 saying so.
    "api/v1/inbox/messages/<int:pk>/hide/": {"POST": (401, 400, 400)},
    "inbox/": {"GET": (LOGIN, 200, 200)},
    "inbox/queue/": {"GET": (LOGIN, 200, 200)},
    "inbox/<int:pk>/": {"GET": (LOGIN, 200, 200)},
    "inbox/<int:pk>/pane/": {"GET": (LOGIN, 200, 200)},
    "inbox/<int:pk>/send/": {"POST": (LOGIN, 302, 302)},
    "inbox/<int:pk>/take/": {"POST": (LOGIN, 302, 302)},
    "inbox/<int:pk>/assign/": {"POST": (LOGIN, 302, 302)},
    "inbox/<int:pk>/status/": {"POST": (LOGIN, 302, 302)},
    "inbox/messages/<int:pk>/hide/": {"POST": (LOGIN, 302, 302)},
    "inbox/chorus/<int:pk>/dismiss/": {"POST": (LOGIN, DENIED, 302)},
    # The table's chorus has no decision: "announce" sends the lead to the public post.
    "inbox/chorus/<int:pk>/announce/": {"GET": (LOGIN, DENIED, 302),
                                        "POST": (LOGIN, DENIED, 302)},
    "inbox/chorus/<int:pk>/post/": {"GET": (LOGIN, DENIED, 200), "POST": (LOGIN, DENIED, 302)},
    "inbox/routing/": {"GET": (LOGIN, DENIED, 200), "POST": (LOGIN, DENIED, 400)},
    "inbox/chatwoot/app/": {"GET": (LOGIN, 200, 200)},
}


def all_routes(patterns=None, prefix=""):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from all_routes(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if not route.startswith("admin/"):
                yield route


def test_every_route_has_a_row():
    missing = sorted(set(all_routes()) - set(TABLE))
    assert not missing, f"Add these routes to TABLE with expected statuses: {missing}"
    stale = sorted(set(TABLE) - set(all_routes()))
    assert not stale, f"TABLE lists routes that no longer exist: {stale}"


@pytest.fixture
def world(agent, lead, make_entry):
    entry = make_entry("Data rollover", "Unused data rolls over one month.",
                       questions=["does unused data roll over"])
    internal = make_entry("Goodwill limits", "Up to 200 kr without asking.",
                          audience="internal", kind="policy")
    suggestion = Suggestion.objects.create(agent=agent, channel="chat", public=False,
                                           text="does data roll over", language="en")
    proposal = Proposal.objects.create(kind="change", entry=entry, proposed_by=agent,
                                       data={"answer": "Unused data rolls over two months."})
    announcement = Announcement.objects.create(entry=entry, version=1, text="You can decide")
    conversation = Conversation.objects.create(
        connector="signed", channel="facebook_comment", public=True, account_id="signed",
        external_thread_id="post-1:u1", customer_name="Kari")
    message = Message.objects.create(conversation=conversation, channel="facebook_comment",
                                     direction="in", external_id="c-1", text="does data roll")
    return {"entry": entry, "internal": internal, "suggestion": suggestion,
            "proposal": proposal, "announcement": announcement,
            "conversation": conversation, "message": message,
            "chorus": ChorusAlert.objects.create(key=f"entry:{entry.pk}", label=entry.title)}


def concrete(route: str, world) -> str:
    entry = world["entry"]
    if "inbox/messages/" in route:
        pk = world["message"].pk
    elif "inbox/chorus/" in route:
        pk = world["chorus"].pk
    elif route.startswith(("inbox/", "api/v1/inbox/")):
        pk = world["conversation"].pk
    elif route.startswith("api/v1/suggestions/"):
        pk = world["suggestion"].pk
    elif "proposals/" in route:
        pk = world["proposal"].pk
    elif "announcements/" in route:
        pk = world["announcement"].pk
    elif "people/" in route:
        pk = world["suggestion"].agent_id  # a person, not an entry: ids differ on PostgreSQL
    else:
        pk = entry.pk
    path = (route.replace("(?P<pk>[^/.]+)", str(pk)).replace("(?P<number>\\d+)", "1")
            .replace("^", "").replace("$", "")
            .replace("<int:pk>", str(pk)).replace("<lang:language>", entry.language)
            .replace("<slug:slug>", entry.slug).replace("<str:token>", "not-the-token")
            .replace("<path:group>", entry.translation_group))
    return "/" + path


CASES = [(route, method, i, role) for route, methods in TABLE.items()
         for method, codes in methods.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize("route, method, index, role", CASES,
                         ids=[f"{m} /{r} as {role}" for r, m, _, role in CASES])
def test_route_answers_each_role_as_the_table_says(route, method, index, role, world, agent,
                                                   lead, client):
    if role != "anon":
        client.force_login(agent if role == "agent" else lead)
    path = concrete(route, world)
    # The API takes JSON bodies only; an empty one is a 400 naming the missing fields.
    response = getattr(client, method.lower())(path, content_type="application/json") \
        if method != "GET" else client.get(path)
    expected = TABLE[route][method][index]
    assert response.status_code == expected, (
        f"{method} {path} as {role}: {response.status_code}, expected {expected}")
    if role == "anon" and response.status_code == LOGIN and route.startswith(("leads", "agent")):
        assert "/accounts/login/" in response["Location"]


def test_no_route_shows_an_internal_entry_to_anonymous_users(client, world):
    internal = world["internal"]
    assert client.get(f"/help/{internal.language}/{internal.slug}/").status_code == 404
    assert client.get(f"/help/{internal.language}/{internal.slug}/answer/").status_code == 404
    for path in ("/help/", f"/help/?q={internal.title}",
                 f"/api/v1/public/search?q={internal.title}"):
        body = client.get(path).content.decode()
        assert internal.answer not in body and internal.slug not in body
    for path in (f"/api/v1/entries/{internal.pk}/", f"/api/v1/search/?q={internal.title}"):
        assert client.get(path).status_code == 401


def test_agent_cannot_read_another_teams_internal_entries(agent_client, make_entry,
                                                          django_user_model, lead_client):
    from kb.models import Team
    from tests.conftest import make_user

    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketer = make_user(django_user_model, "marketer", "agents", "Mia")
    marketing.members.add(marketer)
    secret = make_entry("Influencer fee table", "Fees by follower count.",
                        audience="internal", team=marketing)
    assert agent_client.get(f"/api/v1/entries/{secret.pk}/").status_code == 404
    assert secret.pk not in [e["id"] for e in agent_client.get("/api/v1/entries/").json()[
        "results"]]
    assert lead_client.get(f"/api/v1/entries/{secret.pk}/").status_code == 200
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(marketer)
    assert client.get(f"/api/v1/entries/{secret.pk}/").status_code == 200
    # Internal entries of no team, or of a team nobody has joined yet, are every agent's.
    empty = Team.objects.create(slug="legal", name="Legal")
    for team in (None, empty):
        shared = make_entry(f"Shared guidance {team}", "For all agents.", audience="internal",
                            team=team)
        assert agent_client.get(f"/api/v1/entries/{shared.pk}/").status_code == 200
    assert Entry.objects.get(pk=secret.pk).status == "published"
