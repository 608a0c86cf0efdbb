"""Every publish, change or restore of a decision announces itself, with the answer's diff,
the new why and a link; an announcements page with read and unread."""

import pytest
from django.test import Client

from kb.entries import entry_create, entry_publish, entry_restore, entry_update
from kb.models import Announcement, Entry

pytestmark = pytest.mark.django_db


def test_publish_change_and_restore_each_announce_what_changed(lead, agent):
    entry = Entry(title="Refunds", answer="Money back within 14 days.", language="en",
                  why="Customers expect it.")
    entry_create(entry, user=lead, message="Draft")
    assert not Announcement.objects.exists()  # a draft is nobody's news
    entry_publish(entry, user=lead)
    entry.answer = "Money back within 30 days."
    entry.why = "The law changed in March."
    entry_update(entry, user=lead, message="Longer")
    entry_restore(entry, 2, user=lead)
    new, changed, restored = Announcement.objects.order_by("pk")
    assert (new.kind, changed.kind, restored.kind) == ("new", "changed", "restored")
    assert ["-", "Money back within 14 days."] in changed.changes
    assert ["+", "Money back within 30 days."] in changed.changes
    assert changed.why == "The law changed in March."
    assert ["+", "Money back within 14 days."] in restored.changes
    entry_update(entry, user=lead, message="Questions only", questions=["refund?"])
    assert Announcement.objects.count() == 3  # nothing an agent needs to know changed

    client = Client()
    client.force_login(agent)
    page = client.get("/announcements/").content.decode()
    assert page.count('class="announcement unread"') == 3
    assert f'href="/handbook/{entry.pk}/"' in page and "The law changed in March." in page
    client.post(f"/announcements/{changed.pk}/read/")
    page = client.get("/announcements/").content.decode()
    assert page.count('class="announcement unread"') == 2
    api = client.get("/api/v1/leads/announcements/").json()
    assert {a["id"] for a in api} == {new.pk, restored.pk}
    assert api[0]["url"] == f"/handbook/{entry.pk}/"
    client.post("/announcements/read-all/")
    assert client.get("/api/v1/leads/announcements/").json() == []
