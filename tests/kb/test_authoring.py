"""Authoring without the admin: the review rule, the brand voice as a form, people and
roles managed by leads."""

import pytest
from django.test import Client

from kb.models import BrandVoice, Entry, Proposal
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

FORM = {"title": "Gift cards", "answer": "We do not sell gift cards yet.", "audience": "public",
        "kind": "faq", "language": "en", "why": "Nobody asked until now.", "questions": ""}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_with_review_required_a_second_lead_publishes(lead, django_user_model, settings):
    settings.SVAR_REQUIRE_REVIEW = True
    other = make_user(django_user_model, "lead2", "leads", "Per")
    author = signed_in(lead)
    response = author.post("/leads/entries/new/", {**FORM, "action": "publish"})
    assert "Send it for review first" in response.content.decode()
    assert not Entry.objects.exists()
    author.post("/leads/entries/new/", {**FORM, "action": "review"})
    entry = Entry.objects.get()
    assert entry.status == "review"
    author.post(f"/leads/entries/{entry.pk}/publish/")
    assert Entry.objects.get().status == "review"  # not by its author
    signed_in(other).post(f"/leads/entries/{entry.pk}/publish/")
    assert Entry.objects.get().status == "published"

    # A change to the published entry becomes a proposal another lead approves.
    page = author.post(f"/leads/entries/{entry.pk}/edit/",
                       {**FORM, "answer": "Gift cards arrive in May.", "action": "confirm"})
    assert "Another lead must review this change" in page.content.decode()
    assert Entry.objects.get().answer == FORM["answer"]
    author.post(f"/leads/entries/{entry.pk}/edit/",
                {**FORM, "answer": "Gift cards arrive in May.", "action": "review"})
    proposal = Proposal.objects.get()
    assert proposal.data["answer"] == "Gift cards arrive in May."
    assert author.post(f"/leads/proposals/{proposal.pk}/",
                       {"action": "approve"}).status_code == 200  # refused: own proposal
    assert Entry.objects.get().answer == FORM["answer"]


def test_publishing_needs_a_why_and_an_explicit_audience(lead):
    client = signed_in(lead)
    page = client.post("/leads/entries/new/", {**FORM, "why": "", "audience": "",
                                               "action": "publish"}).content.decode()
    assert "Please choose who may see it" in page
    page = client.post("/leads/entries/new/", {**FORM, "why": "",
                                               "action": "publish"}).content.decode()
    assert "Write why this was decided" in page
    client.post("/leads/entries/new/", {**FORM, "why": "", "action": "save"})
    assert Entry.objects.get().status == "draft"  # a draft may wait for its why


def test_brand_voice_is_a_form(lead):
    client = signed_in(lead)
    response = client.post("/leads/voice/", {
        "brand": "Fjordtel", "formal": "", "emoji": "none",
        "signoff_nb": "Hilsen {agent_first_name}",
        "contact_0_label": "Chat", "contact_0_url": "https://fjordtel.example/chat"})
    assert response.status_code == 302
    voice = BrandVoice.current()
    assert voice.signoffs == {"nb": "Hilsen {agent_first_name}"}
    assert voice.contact_channels == [{"label": {"en": "Chat"},
                                       "url": "https://fjordtel.example/chat"}]
    bad = client.post("/leads/voice/", {"brand": "", "emoji": "none"}).content.decode()
    assert "Please name the brand." in bad


def test_leads_manage_people_roles_and_teams(lead, agent):
    client = signed_in(lead)
    client.post("/leads/people/", {"what": "team", "t-name": "Marketing"})
    from kb.models import Team

    team = Team.objects.get(slug="marketing")
    again = client.post("/leads/people/", {"what": "team", "t-name": "Marketing"})
    assert "There is a team with this name already." in again.content.decode()
    response = client.post("/leads/people/", {
        "what": "person", "p-username": "mia", "p-first_name": "Mia", "p-role": "agent",
        "p-teams": [team.pk], "p-password": "pw-mia-12345", "p-active": "on"})
    assert response.status_code == 302
    mia_client = Client()
    assert mia_client.login(username="mia", password="pw-mia-12345")
    assert mia_client.get("/agent/").status_code == 200
    assert mia_client.get("/leads/").status_code == 403
    from django.contrib.auth import get_user_model

    mia = get_user_model().objects.get(username="mia")
    assert list(mia.svar_teams.all()) == [team]
    client.post(f"/leads/people/{mia.pk}/", {"p-first_name": "Mia", "p-role": "lead",
                                             "p-active": "on"})
    assert Client().login(username="mia", password="pw-mia-12345")
    assert signed_in(get_user_model().objects.get(pk=mia.pk)).get("/leads/").status_code == 200
    own = client.post(f"/leads/people/{lead.pk}/", {"p-first_name": "Ingrid",
                                                    "p-role": "agent", "p-active": "on"})
    own = own.content.decode()
    assert "cannot take away your own lead role" in own
