"""Entry health: use counts, unused entries, usually-edited entries, helpfulness votes, gaps."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from kb.loop import intake
from kb.models import Entry, EntryUsage, FaqVote, OpenQuestion, UnansweredMessage

pytestmark = pytest.mark.django_db


def by_id(payload):
    return {row["id"]: row for row in payload["entries"]}


def test_counts_unused_and_usually_edited(make_entry, lead_client, lead):
    busy = make_entry("Refunds", "Money back within 14 days.")
    edited = make_entry("Delivery", "Parcels arrive in 3 days.")
    idle = make_entry("Gift wrapping", "We wrap gifts for free.")
    Entry.objects.filter(pk__in=[busy.pk, edited.pk, idle.pk]).update(
        published_at=timezone.now() - timedelta(days=200))
    for _ in range(4):
        intake.record_use(busy.pk, "suggested")
    intake.record_use(busy.pk, "sent_as_is")
    intake.record_use(busy.pk, "rejected")
    for _ in range(6):
        intake.record_use(edited.pk, "suggested")
    for _ in range(4):
        intake.record_use(edited.pk, "sent_edited")
    intake.record_use(edited.pk, "sent_as_is")
    # An old day outside the 30-day window but inside the 60-day one.
    EntryUsage.objects.create(entry=idle, date=timezone.localdate() - timedelta(days=45),
                              sent_as_is=2, suggested=2)
    FaqVote.objects.create(entry=busy, visitor="a", helpful=True)
    FaqVote.objects.create(entry=busy, visitor="b", helpful=False)
    FaqVote.objects.create(entry=busy, visitor="c", helpful=True)

    data = lead_client.get("/api/v1/leads/health/").json()
    rows = by_id(data)
    assert (rows[busy.pk]["suggested"], rows[busy.pk]["sent_as_is"],
            rows[busy.pk]["rejected"]) == (4, 1, 1)
    assert (rows[busy.pk]["helpful_yes"], rows[busy.pk]["helpful_no"]) == (2, 1)
    assert rows[edited.pk]["edit_rate"] == 0.8
    assert data["consider_rewriting"] == [edited.pk]
    assert rows[idle.pk]["suggested"] == 0  # outside the default 30 days
    assert by_id(lead_client.get("/api/v1/leads/health/?days=90").json())[idle.pk][
        "sent_as_is"] == 2
    assert [e["id"] for e in data["unused"]] == []  # idle was sent 45 days ago
    unused = lead_client.get("/api/v1/leads/health/?unused_days=30").json()["unused"]
    assert [e["id"] for e in unused] == [idle.pk]
    assert lead_client.get("/api/v1/leads/health/?days=abc").status_code == 400

    pages = Client()
    pages.force_login(lead)
    html = pages.get("/leads/health/?days=30&unused=30").content.decode()
    assert "Consider rewriting" in html and "edited 4 of 5 sends" in html


def test_too_few_sends_is_not_flagged(make_entry):
    from kb.loop.health import usually_edited

    entry = make_entry("Delivery", "Parcels arrive in 3 days.")
    for _ in range(4):
        intake.record_use(entry.pk, "sent_edited")
    assert usually_edited() == []
    intake.record_use(entry.pk, "sent_edited")
    assert [h.entry.pk for h in usually_edited()] == [entry.pk]


def test_gaps_group_unanswered_messages(lead_client, lead):
    for text, channel, language in [
        ("Do you sell gift cards?", "x", "en"),
        ("do you sell gift cards", "facebook", "en"),
        ("Do you sell giftcards?", "instagram", "en"),
        ("Can I pay with bitcoin?", "x", "en"),
    ]:
        intake.record_unanswered(text=text, language=language, channel=channel, confidence=0.2,
                               abstained=True)
    intake.record_unanswered(text="Mail me at kari@example.com about gift cards", language="en",
                           channel="x", confidence=0.1, abstained=True)
    assert not UnansweredMessage.objects.filter(text__contains="kari@").exists()

    gaps = lead_client.get("/api/v1/leads/gaps/").json()
    assert gaps[0]["count"] == 3
    assert gaps[0]["channels"] == ["facebook", "instagram", "x"]
    assert gaps[0]["languages"] == ["en"]
    assert sum(g["count"] for g in gaps) == 5

    response = lead_client.post("/api/v1/leads/gaps/ask/",
                                {"message_ids": gaps[0]["message_ids"]}, format="json")
    assert response.status_code == 201
    assert OpenQuestion.objects.filter(status="open").count() == 3
    assert lead_client.get("/api/v1/leads/questions/").json()[0]["count"] == 3
    assert UnansweredMessage.objects.count() == 2
    assert lead_client.post("/api/v1/leads/gaps/ask/", {"message_ids": ["x"]},
                            format="json").status_code == 400

    pages = Client()
    pages.force_login(lead)
    html = pages.get("/leads/gaps/").content.decode()
    assert "Can I pay with bitcoin?" in html
