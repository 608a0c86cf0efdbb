"""From a chorus, one click to a prefilled heads-up for the agents (published to their
announcement feed) or a public post for the customers (copied by the lead)."""

import pytest

from inbox.models import ChorusAlert
from kb.models import Announcement

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(make_entry):
    return make_entry("Network outage in Bergen", "Our technicians are fixing a cable; "
                      "mobile data is back tonight.", language="en",
                      short_answer="Data is back in Bergen tonight.")


@pytest.fixture
def alert(outage):
    return ChorusAlert.objects.create(
        key=f"entry:{outage.pk}", label=outage.title, entry_id=outage.pk, count=9,
        baseline=0.4, channels={"facebook_comment": 5, "x_reply": 3, "instagram_dm": 1})


def test_the_inbox_offers_both_from_a_chorus_with_a_decision(lead, client, alert):
    client.force_login(lead)
    page = client.get("/inbox/").content.decode()
    assert f"/inbox/chorus/{alert.pk}/announce/" in page
    assert f"/inbox/chorus/{alert.pk}/post/" in page


def test_the_announcement_is_prefilled_edited_and_reaches_the_agents_feed(
        lead, agent, client, alert, outage):
    client.force_login(lead)
    form = client.get(f"/inbox/chorus/{alert.pk}/announce/").content.decode()
    # The counts per channel, busiest first, and the decision's short answer.
    assert "9 messages in the last hour (Facebook comment 5, X reply 3, Instagram direct " \
           "message 1)" in form
    assert "Data is back in Bergen tonight." in form
    response = client.post(f"/inbox/chorus/{alert.pk}/announce/", {
        "text": "Bergen outage: tell customers data is back tonight, no compensation needed."})
    assert response.status_code == 302
    announcement = Announcement.objects.get()
    assert (announcement.kind, announcement.entry, announcement.created_by) == (
        "heads_up", outage, lead)
    assert announcement.text.startswith("Bergen outage: tell customers")
    alert.refresh_from_db()
    assert alert.announcement == announcement
    client.force_login(agent)
    feed = client.get("/announcements/").content.decode()
    assert "Bergen outage: tell customers" in feed and "Heads-up from a lead" in feed
    client.force_login(lead)
    assert "announced" in client.get("/inbox/").content.decode()


def test_an_empty_announcement_is_refused_with_a_message(lead, client, alert):
    client.force_login(lead)
    response = client.post(f"/inbox/chorus/{alert.pk}/announce/", {"text": "   "})
    assert response.status_code == 400
    assert "The announcement is empty." in response.content.decode()
    assert not Announcement.objects.exists()


def test_the_public_post_draft_shows_channels_and_counts_and_can_be_marked_posted(
        lead, client, alert):
    client.force_login(lead)
    page = client.get(f"/inbox/chorus/{alert.pk}/post/").content.decode()
    assert "Many of you are asking about network outage in Bergen. Data is back in Bergen " \
           "tonight." in page
    assert "<td>Facebook comment</td><td>5</td>" in page and "<td>X reply</td><td>3</td>" in page
    assert client.post(f"/inbox/chorus/{alert.pk}/post/").status_code == 302
    alert.refresh_from_db()
    assert alert.posted_at is not None
    assert not Announcement.objects.exists()  # a public post is not an agents' announcement


def test_a_norwegian_decision_gets_norwegian_drafts(lead, client, make_entry):
    entry = make_entry("Strømbrudd i Tromsø", "Vi jobber med saken.", language="nb")
    alert = ChorusAlert.objects.create(key=f"entry:{entry.pk}", label=entry.title,
                                       entry_id=entry.pk, count=6, channels={"x_dm": 6})
    client.force_login(lead)
    assert "Mange kunder spør om «Strømbrudd i Tromsø»" in client.get(
        f"/inbox/chorus/{alert.pk}/announce/").content.decode()
    assert "Mange av dere spør om strømbrudd i Tromsø. Vi jobber med saken." in client.get(
        f"/inbox/chorus/{alert.pk}/post/").content.decode()


def test_an_internal_decision_never_reaches_the_public_post(lead, client, make_entry):
    entry = make_entry("Goodwill for the outage", "Up to 200 kr credit without asking.",
                       audience="internal", kind="policy")
    alert = ChorusAlert.objects.create(key=f"entry:{entry.pk}", label=entry.title,
                                       entry_id=entry.pk, count=6, channels={"chat": 6})
    client.force_login(lead)
    page = client.get(f"/inbox/chorus/{alert.pk}/post/").content.decode()
    assert "200 kr" not in page.split("<textarea")[1]
    assert "We are looking into it" in page


def test_a_chorus_without_a_decision_offers_only_the_public_post(lead, client):
    alert = ChorusAlert.objects.create(key="gap:12", label="No decided answer (near “x”)",
                                       count=7, channels={"chat": 7})
    client.force_login(lead)
    assert f"/inbox/chorus/{alert.pk}/announce/" not in client.get("/inbox/").content.decode()
    response = client.get(f"/inbox/chorus/{alert.pk}/announce/")
    assert response.status_code == 302 and response["Location"].endswith(
        f"/inbox/chorus/{alert.pk}/post/")
    assert client.post(f"/inbox/chorus/{alert.pk}/announce/", {"text": "x"}).status_code == 302
    assert not Announcement.objects.exists()


def test_agents_cannot_write_from_a_chorus(agent, client, alert):
    client.force_login(agent)
    assert client.get(f"/inbox/chorus/{alert.pk}/announce/").status_code == 403
    assert client.post(f"/inbox/chorus/{alert.pk}/announce/", {"text": "x"}).status_code == 403
    assert client.post(f"/inbox/chorus/{alert.pk}/post/").status_code == 403
    assert not Announcement.objects.exists()
