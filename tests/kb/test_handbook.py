"""The agents' handbook: what each agent may read, and the rule itself in the guidance."""

import pytest

from kb.models import Team
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_guidance_in_the_api_carries_the_rule_and_a_link(agent_client, make_entry):
    rule = make_entry("Goodwill limits", "Up to 200 kr without asking; code GOODWILL200.",
                      audience="internal", kind="policy", why="Quick fixes are cheaper.",
                      questions=["how much compensation can I give",
                                 "can I give the customer a discount"])
    body = agent_client.post("/api/v1/suggestions/", {
        "text": "How much compensation can I give this customer?", "customer_name": "Kari",
        "channel": "chat", "public": False}, format="json").json()
    [guidance] = body["guidance"]
    assert guidance["answer"] == rule.answer
    assert guidance["url"] == f"/handbook/{rule.pk}/"


def test_handbook_lists_what_the_agent_may_read(client, agent, make_entry, django_user_model):
    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketing.members.add(make_user(django_user_model, "mia", "agents", "Mia"))
    secret = make_entry("Influencer fee table", "Fees.", audience="internal", team=marketing)
    shared = make_entry("Goodwill limits", "Up to 200 kr.", audience="internal")
    draft = make_entry("Half-decided", "Not yet.", status="draft")
    client.force_login(agent)
    body = client.get("/handbook/").content.decode()
    assert shared.title in body and secret.title not in body and draft.title not in body
    assert client.get(f"/handbook/{secret.pk}/").status_code == 404
    assert client.get(f"/handbook/{draft.pk}/").status_code == 404
    page = client.get(f"/handbook/{shared.pk}/").content.decode()
    assert "Up to 200 kr." in page and "Because." in page


def test_handbook_needs_a_role(client, outsider):
    assert client.get("/handbook/").status_code == 302
    client.force_login(outsider)
    assert client.get("/handbook/").status_code == 403
