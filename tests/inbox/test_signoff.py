"""Drafts written before anyone is assigned end with the team sign-off; taking or
assigning the conversation re-signs them for the agent, without searching or counting the
entry's use again."""

import pytest

from inbox import replies
from inbox.models import Conversation, Message
from kb.models import EntryUsage
from suggest.models import Suggestion
from tests.inbox.helpers import signed_only, signed_post  # noqa: F401 - fixture

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signed_only")]


@pytest.fixture
def waiting(client, make_entry, django_capture_on_commit_callbacks):
    entry = make_entry("Data rollover", "Unused data rolls over to the next month.",
                       questions=["does unused data roll over"])
    with django_capture_on_commit_callbacks(execute=True):
        signed_post(client, {"id": "m1", "thread": "t1", "channel": "chat",
                             "text": "Hi, does unused data roll over to next month?",
                             "author": {"name": "Kari"}})
    return Conversation.objects.get(), entry


def drafts():
    return [d["text"] for d in Message.objects.get().suggestion.drafts]


def test_taking_a_conversation_signs_its_drafts_with_the_agents_name(
        waiting, client, agent, lead_client, lead, monkeypatch):
    conversation, entry = waiting
    before = drafts()
    assert before and all(t.endswith("Best regards, the Svar team") for t in before)
    usage = EntryUsage.objects.get(entry=entry).suggested

    # Re-signing never searches the handbook again.
    from kb.search import service as kb_search

    def no_search(*args, **kwargs):
        raise AssertionError("searched again")
    monkeypatch.setattr(kb_search, "search_audiences", no_search)
    client.force_login(agent)
    assert client.post(f"/inbox/{conversation.pk}/take/").status_code == 302
    after = drafts()
    assert all(t.endswith("Best regards, Ola") for t in after)
    assert [t.removesuffix("Best regards, Ola") for t in after] == [
        t.removesuffix("Best regards, the Svar team") for t in before]
    assert "Best regards, Ola" in client.get(f"/inbox/{conversation.pk}/").content.decode()
    assert Suggestion.objects.count() == 1
    assert EntryUsage.objects.get(entry=entry).suggested == usage  # counted once

    # Handed to the lead over the API: her name; unassigned again: the team's.
    assert lead_client.post(f"/api/v1/inbox/conversations/{conversation.pk}/assign/",
                            {"assignee": lead.pk}, format="json").status_code == 200
    assert all(t.endswith("Best regards, Ingrid") for t in drafts())
    conversation.refresh_from_db()
    from inbox import actions

    actions.assign(conversation, assignee_id=0)
    assert drafts() == before


def test_drafts_already_sent_are_not_re_signed(waiting, agent, lead):
    conversation, _ = waiting
    from inbox import actions

    actions.take(conversation, agent)
    replies.send(conversation, agent=agent, text=drafts()[0], draft_index=0)
    sent = drafts()
    actions.take(conversation, lead)
    assert drafts() == sent  # the feedback refers to the drafts as they were
