"""The inbox's queues, the response clock, routing, the agents' actions, moderation and the
chorus, through the API and the services the page uses."""

from datetime import timedelta

import pytest
from django.utils import timezone

from inbox import chorus, clock, replies
from inbox.models import ChorusAlert, Conversation, Message, RoutingRule
from kb.models import Team
from tests.conftest import make_user
from tests.inbox.helpers import signed_only, signed_post  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signed_only")]


def conversation(thread, *, waited_minutes=None, status="new", team=None, channel="chat",
                 assignee=None):
    now = timezone.now()
    return Conversation.objects.create(
        connector="signed", channel=channel, public=False, account_id="signed",
        external_thread_id=thread, customer_name=thread, status=status, team=team,
        assignee=assignee,
        waiting_since=now - timedelta(minutes=waited_minutes) if waited_minutes is not None
        else None)


def test_the_queue_lists_the_longest_waiting_first_with_its_clock(agent_client):
    conversation("five", waited_minutes=5)
    conversation("forty", waited_minutes=40)
    conversation("answered", status="waiting_on_customer")
    conversation("done", status="done")
    data = agent_client.get("/api/v1/inbox/conversations/").json()
    assert [c["customer"]["name"] for c in data["results"]] == ["forty", "five"]
    assert [c["over_target"] for c in data["results"]] == [True, False]
    assert 40 * 60 <= data["results"][0]["waiting_seconds"] < 41 * 60
    assert data["counts"]["waiting"] == 2 and data["counts"]["done"] == 1
    done = agent_client.get("/api/v1/inbox/conversations/?status=done").json()["results"]
    assert [c["customer"]["name"] for c in done] == ["done"]
    assert agent_client.get("/api/v1/inbox/conversations/?status=bogus").status_code == 400


def test_1000_waiting_conversations_list_in_one_query_set(agent_client,
                                                          django_assert_max_num_queries):
    now = timezone.now()
    Conversation.objects.bulk_create([Conversation(
        connector="signed", channel="chat", public=False, account_id="signed",
        external_thread_id=f"t{i}", customer_name=f"c{i}",
        waiting_since=now - timedelta(seconds=i)) for i in range(1000)])
    with django_assert_max_num_queries(8):
        data = agent_client.get("/api/v1/inbox/conversations/").json()
    assert data["counts"]["waiting"] == 1000
    assert data["results"][0]["customer"]["name"] == "c999"


def test_a_teams_conversations_are_its_members_but_unassigned_ones_are_everyones(
        django_user_model, agent_client, lead_client):
    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketer = make_user(django_user_model, "mia", "agents", "Mia")
    marketing.members.add(marketer)
    conversation("campaign", waited_minutes=3, team=marketing)
    conversation("nobody's", waited_minutes=2)
    names = lambda client: [c["customer"]["name"] for c in  # noqa: E731
                            client.get("/api/v1/inbox/conversations/").json()["results"]]
    assert names(agent_client) == ["nobody's"]
    assert names(lead_client) == ["campaign", "nobody's"]
    from rest_framework.test import APIClient

    mia = APIClient()
    mia.force_authenticate(marketer)
    assert names(mia) == ["campaign", "nobody's"]
    assert [c["customer"]["name"] for c in mia.get(
        "/api/v1/inbox/conversations/?team=marketing").json()["results"]] == ["campaign"]


def test_take_assign_done_and_follow_up(agent_client, agent, client):
    c = conversation("kari", waited_minutes=3)
    client.force_login(agent)
    assert client.post(f"/inbox/{c.pk}/take/").status_code == 302
    c.refresh_from_db()
    assert c.assignee == agent
    Team.objects.create(slug="care", name="Care")
    client.post(f"/inbox/{c.pk}/assign/", {"team": "care"})
    c.refresh_from_db()
    assert c.team.slug == "care"
    client.post(f"/inbox/{c.pk}/status/", {"status": "follow_up"})
    c.refresh_from_db()
    assert c.status == "follow_up" and c.waiting_since is not None
    response = agent_client.post(f"/api/v1/inbox/conversations/{c.pk}/status/",
                                 {"status": "done"}, format="json")
    assert response.status_code == 200
    c.refresh_from_db()
    assert c.status == "done" and c.waiting_since is None
    bad = agent_client.post(f"/api/v1/inbox/conversations/{c.pk}/assign/",
                            {"team": "nope"}, format="json")
    assert bad.status_code == 400 and "team" in bad.json()


def test_the_share_counts_the_first_message_of_a_conversation_per_day(settings):
    settings.SVAR_RESPONSE_TARGET_MINUTES = 15
    # Noon, so "2 h ago" and "30 min later" fall on one local day whenever the test runs.
    now = timezone.localtime().replace(hour=12, minute=0, second=0, microsecond=0)

    def thread(name, asked_minutes_ago, answered_after=None, extra_asks=()):
        c = conversation(name)
        asked = now - timedelta(minutes=asked_minutes_ago)
        Message.objects.create(conversation=c, channel="chat", direction="in",
                               external_id=f"{name}-in", text="?", sent_at=asked)
        for i, later in enumerate(extra_asks):
            Message.objects.create(conversation=c, channel="chat", direction="in",
                                   external_id=f"{name}-in{i}", text="?",
                                   sent_at=asked + timedelta(minutes=later))
        if answered_after is not None:
            Message.objects.create(conversation=c, channel="chat", direction="out",
                                   external_id=f"{name}-out", text="!",
                                   sent_at=asked + timedelta(minutes=answered_after))

    # Asked 2 h ago, answered in 10 min; a follow-up the same day does not count again.
    thread("fast", 120, answered_after=10, extra_asks=[30])
    thread("slow", 120, answered_after=40)
    thread("never", 120)
    thread("pending", 5)  # still within target: not decided yet
    thread("last week", 60 * 24 * 8, answered_after=1)  # outside the 7 days
    share = clock.share_within_target(now=now)
    assert (share.counted, share.within, share.percent) == (3, 1, 33.3)


def test_routing_by_channel_keyword_and_the_decisions_team(client, make_entry,
                                                           django_capture_on_commit_callbacks):
    billing = Team.objects.create(slug="billing", name="Billing")
    marketing = Team.objects.create(slug="marketing", name="Marketing")
    social = Team.objects.create(slug="social", name="Social")
    make_entry("Data rollover", "Unused data rolls over.", team=billing,
               questions=["does unused data roll over"])
    RoutingRule.objects.create(order=1, match="channel", value="instagram_dm", team=social)
    RoutingRule.objects.create(order=2, match="keyword", value="influencer, campaign",
                               team=marketing)
    RoutingRule.objects.create(order=3, match="decision_team")

    def arrive(mid, channel, text):
        with django_capture_on_commit_callbacks(execute=True):
            signed_post(client, {"id": mid, "thread": mid, "channel": channel, "text": text})
        return Conversation.objects.get(external_thread_id=mid).team

    assert arrive("a", "instagram_dm", "does unused data roll over?") == social
    assert arrive("b", "chat", "I am an influencer, can we do a campaign?") == marketing
    assert arrive("c", "chat", "does unused data roll over?") == billing
    assert arrive("d", "chat", "what is the weather") is None


def test_an_abusive_comment_is_flagged_on_arrival(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        signed_post(client, {"id": "x1", "thread": "p1", "channel": "facebook_comment",
                             "public": True, "text": "You're all idiots"})
        signed_post(client, {"id": "x2", "thread": "p2", "channel": "facebook_comment",
                             "public": True, "text": "How do I change my password?"})
    assert Message.objects.get(external_id="x1").flagged
    assert not Message.objects.get(external_id="x2").flagged
    assert Conversation.objects.get(external_thread_id="p1").flagged


def test_sending_a_draft_from_the_inbox_records_feedback_as_the_agent_page_does(
        client, agent, make_entry, django_capture_on_commit_callbacks, settings):
    entry = make_entry("Data rollover", "Unused data rolls over.",
                       questions=["does unused data roll over"])
    with django_capture_on_commit_callbacks(execute=True):
        signed_post(client, {"id": "m1", "thread": "t1", "channel": "chat",
                             "text": "does unused data roll over?",
                             "author": {"name": "Kari"}})
    c = Conversation.objects.get()
    draft = Message.objects.get().suggestion.drafts[0]["text"]
    client.force_login(agent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/inbox/{c.pk}/send/", {"draft": "0", "text": draft + " :)"})
    assert response.status_code == 302
    feedback = Message.objects.get().suggestion.feedback.get()
    assert (feedback.action, feedback.entry_id_used, feedback.agent) == (
        "sent_edited", entry.pk, agent)
    # Without an outgoing URL the signed connector cannot deliver: the agent sees it.
    assert "not delivered" in client.get(f"/inbox/{c.pk}/").content.decode()
    with pytest.raises(replies.SendRefused):
        replies.send(c, agent=agent, text="  ")
    with pytest.raises(replies.SendRefused):
        replies.send(c, agent=agent, text="x", draft_index=9)


def test_the_chorus_shows_a_decision_suddenly_drawing_many_messages(make_entry, settings,
                                                                    lead, client):
    settings.SVAR_CHORUS_MIN_MESSAGES, settings.SVAR_CHORUS_FACTOR = 5, 3
    outage = make_entry("Network outage in Bergen", "We are fixing it.")
    quiet = make_entry("Data rollover", "Rolls over.")
    now = timezone.now()
    for i, channel in enumerate(["facebook_comment"] * 4 + ["instagram_dm"] * 3):
        c = conversation(f"o{i}", channel=channel)
        Message.objects.create(conversation=c, channel=channel, direction="in",
                               external_id=f"o{i}", text="no signal", entry_id=outage.pk,
                               received_at=now - timedelta(minutes=i))
    # The rollover question draws its usual 2 an hour: no chorus.
    for i in range(2):
        c = conversation(f"q{i}")
        Message.objects.create(conversation=c, channel="chat", direction="in",
                               external_id=f"q{i}", text="rollover?", entry_id=quiet.pk,
                               received_at=now - timedelta(minutes=i))
    alerts = chorus.detect(now)
    assert [(a.label, a.count, a.channels) for a in alerts] == [
        ("Network outage in Bergen", 7, {"facebook_comment": 4, "instagram_dm": 3})]
    client.force_login(lead)
    page = client.get("/inbox/").content.decode()
    assert "Network outage in Bergen" in page and "Facebook comment 4, Instagram direct " \
        "message 3" in page
    assert ChorusAlert.objects.count() == 1
    chorus.detect(now)
    assert ChorusAlert.objects.count() == 1  # updated, not repeated
    client.post(f"/inbox/chorus/{alerts[0].pk}/dismiss/")
    assert "Network outage in Bergen" not in client.get("/inbox/").content.decode()
    assert chorus.detect(now) == []  # the next run does not raise it again


def test_messages_past_retention_lose_their_text_and_the_customer(settings):
    from inbox.retention import purge_expired

    settings.SVAR_RETENTION_DAYS = 30
    old, new = conversation("Kari Nordmann"), conversation("Per Hansen")
    Message.objects.create(conversation=old, channel="chat", direction="in", external_id="o",
                           text="my card is [card]", author_name="Kari Nordmann",
                           sent_at=timezone.now() - timedelta(days=31))
    Message.objects.create(conversation=new, channel="chat", direction="in", external_id="n",
                           text="hello", author_name="Per Hansen")
    assert purge_expired() == {"messages": 1, "replies": 0, "conversations": 1}
    old.refresh_from_db()
    assert old.customer_name == "" and Message.objects.get(external_id="o").text == ""
    assert Message.objects.get(external_id="n").text == "hello"
    assert purge_expired()["messages"] == 0


def test_leads_set_routing_rules_on_a_page_not_in_the_admin(lead, agent, client,
                                                            django_capture_on_commit_callbacks):
    billing = Team.objects.create(slug="billing", name="Billing")
    client.force_login(agent)
    assert client.get("/inbox/routing/").status_code == 403
    assert "/inbox/routing/" not in client.get("/inbox/").content.decode()
    client.force_login(lead)
    assert not lead.is_staff  # the leads' tools never send them to the admin
    assert "/inbox/routing/" in client.get("/inbox/").content.decode()
    bad = client.post("/inbox/routing/", {"order": 1, "match": "keyword", "value": " , ",
                                          "team": billing.pk})
    assert bad.status_code == 400 and "at least one keyword" in bad.content.decode()
    bad = client.post("/inbox/routing/", {"order": 1, "match": "channel", "value": "fax"})
    assert "One of" in bad.content.decode() and "Choose the team" in bad.content.decode()
    assert client.post("/inbox/routing/", {"order": 1, "match": "keyword",
                                           "value": "invoice, faktura",
                                           "team": billing.pk}).status_code == 302
    assert "invoice, faktura" in client.get("/inbox/routing/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        signed_post(client, {"id": "m1", "thread": "t1", "channel": "chat",
                             "text": "my faktura is wrong", "author": {"name": "Kari"}})
    assert Conversation.objects.get().team == billing
    rule = RoutingRule.objects.get()
    assert client.post("/inbox/routing/", {"delete": "x"}).status_code == 404
    assert client.post("/inbox/routing/", {"delete": rule.pk}).status_code == 302
    assert not RoutingRule.objects.exists()


def test_messages_the_worker_has_not_filed_yet_are_shown_waiting(client, agent, monkeypatch):
    """With the worker down, a message is safe in inbox_delivery but in no queue: the page
    says so rather than look quiet."""
    from inbox import intake
    from inbox.models import Delivery

    monkeypatch.setattr(intake, "hand_over", lambda pk: None)
    signed_post(client, {"id": "late-1", "thread": "t-late", "channel": "chat",
                         "text": "hello? anyone?"})
    client.force_login(agent)
    assert "not in the queue yet" not in client.get("/inbox/queue/").content.decode()
    Delivery.objects.update(received_at=timezone.now() - timedelta(minutes=2))
    page = client.get("/inbox/queue/").content.decode()
    assert "1 message received but not in the queue yet" in page
    assert not Conversation.objects.exists()
