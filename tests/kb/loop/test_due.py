"""Review-by dates that have passed show on the leads' queue as "due for review", and the
daily beat task tells each lead once."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kb.models import Entry, Notification
from kb.tasks import remind_due_reviews
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(make_entry):
    today = timezone.localdate()
    for title, days, status in [("Roaming in Norway", -3, "published"),
                                ("Gift cards", 0, "published"),
                                ("eSIM", 10, "published"),
                                ("Old fax line", -30, "retired")]:
        entry = make_entry(title, "Answer.", status=status)
        Entry.objects.filter(pk=entry.pk).update(review_by=today + datetime.timedelta(days))
    make_entry("Undated", "Answer.")


def test_the_leads_queue_lists_entries_due_for_review(dated, lead, agent):
    client = Client()
    client.force_login(lead)
    page = client.get("/leads/").content.decode()
    assert "Due for review" in page
    section = page[page.index("Due for review"):]
    assert section.index("Roaming in Norway") < section.index("Gift cards")
    assert "eSIM" not in section and "Old fax line" not in section
    assert "Undated" not in section


def test_the_daily_task_tells_each_lead_once(dated, lead, agent, django_user_model):
    assert "kb.tasks.remind_due_reviews" in {
        s["task"] for s in settings.CELERY_BEAT_SCHEDULE.values()}
    other = make_user(django_user_model, "lead2", "leads", "Per")
    assert remind_due_reviews.delay().get() == 4  # two entries × two leads
    assert remind_due_reviews.delay().get() == 0  # never twice
    texts = sorted(Notification.objects.filter(user=other).values_list("text", flat=True))
    assert len(texts) == 2 and all("is due for review" in t for t in texts)
    assert not Notification.objects.filter(user=agent).exists()
    # A new review-by date is a new reminder once it falls due.
    Entry.objects.filter(title="Gift cards").update(
        review_by=timezone.localdate() - datetime.timedelta(days=1))
    assert remind_due_reviews.delay().get() == 2
