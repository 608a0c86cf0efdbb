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


def _voice_form(client) -> dict:
    """The voice page's form as a browser would submit it unchanged."""
    form = client.get("/leads/voice/").context["form"]
    return {name: value for name, value in
            ((name, form[name].value()) for name in form.fields) if value not in (None, False)}


def test_the_voice_form_edits_the_home_language_and_the_fallback_policy(lead):
    client = signed_in(lead)
    page = client.get("/leads/voice/").content.decode()
    assert 'name="home_language"' in page and 'name="fallback_fi_1"' in page
    # The default policy shows as it is, and saving it unchanged keeps it.
    data = _voice_form(client)
    assert client.post("/leads/voice/", data).status_code == 302
    voice = BrandVoice.current()
    assert voice.language_fallbacks == {"nn": ["nb"], "nb": ["nn", "da"], "da": ["nb"],
                                        "sv": ["nb", "da"], "fi": ["sv"], "*": ["en"]}

    data.update(home_language="nb", fallback_fi_1="ask", fallback_fi_2="",
                fallback_da_1="sv", fallback_da_2="nb", fallback_sv_1="", fallback_sv_2="")
    assert client.post("/leads/voice/", data).status_code == 302
    voice = BrandVoice.current()
    assert voice.home_language == "nb"
    assert voice.language_fallbacks["fi"] == "ask"
    assert voice.language_fallbacks["da"] == ["sv", "nb"]
    assert "sv" not in voice.language_fallbacks  # Swedish uses the rule for every language

    for bad, message in [({"fallback_fi_1": "ask", "fallback_fi_2": "en"}, "nothing comes after"),
                         ({"fallback_nb_1": "", "fallback_nb_2": "da"}, "first fallback"),
                         ({"fallback_nb_1": "da", "fallback_nb_2": "da"}, "already tried"),
                         ({"fallback_nb_1": "nb"}, "Select a valid choice"),
                         ({"home_language": "de"}, "Select a valid choice")]:
        response = client.post("/leads/voice/", {**data, **bad})
        assert response.status_code == 200 and message in response.content.decode(), bad
    assert BrandVoice.current().language_fallbacks["fi"] == "ask"  # nothing saved


def test_a_change_sent_for_review_keeps_team_topics_and_review_by(lead, django_user_model,
                                                                   settings, make_entry):
    import datetime

    from kb.models import Team, Topic

    settings.SVAR_REQUIRE_REVIEW = True
    billing = Team.objects.create(slug="billing", name="Billing")
    Topic.objects.create(slug="payments", name="Payments")
    entry = make_entry("Gift cards", FORM["answer"])
    other = make_user(django_user_model, "lead2", "leads", "Per")
    author = signed_in(lead)
    author.post(f"/leads/entries/{entry.pk}/edit/", {
        **FORM, "team": billing.pk, "topics": ["payments"], "review_by": "2027-03-01",
        "action": "review"})
    proposal = Proposal.objects.get()
    assert (proposal.data["team"], proposal.data["topics"], proposal.data["review_by"]) == (
        "billing", ["payments"], "2027-03-01")
    page = signed_in(other).get(f"/leads/proposals/{proposal.pk}/").content.decode()
    assert "billing" in page and "2027-03-01" in page  # the reviewer sees them in the diff
    assert Entry.objects.get().team is None  # nothing changes before approval

    signed_in(other).post(f"/leads/proposals/{proposal.pk}/", {"action": "approve"})
    entry = Entry.objects.get()
    assert entry.status == "published" and entry.team == billing
    assert list(entry.topics.values_list("slug", flat=True)) == ["payments"]
    assert entry.review_by == datetime.date(2027, 3, 1)
    assert entry.versions.order_by("-number").first().data["team"] == "billing"


def test_a_proposal_naming_an_unknown_team_topic_or_date_gets_field_messages(agent,
                                                                            make_entry):
    from django.core.exceptions import ValidationError

    from kb.loop.proposals import create_proposal

    entry = make_entry("Gift cards", FORM["answer"])
    with pytest.raises(ValidationError) as caught:
        create_proposal(user=agent, kind="change", entry_id=entry.pk,
                        data={"team": "nope", "topics": ["ghost"], "review_by": "soon"})
    errors = caught.value.message_dict
    assert errors["team"] == ["No team 'nope'."] and errors["topics"] == ["No topic 'ghost'."]
    assert errors["review_by"] == ["A date, YYYY-MM-DD."]
    assert not Proposal.objects.exists()


def test_leads_create_topics_on_the_people_page(lead, agent):
    from kb.models import Topic

    client = signed_in(lead)
    assert client.post("/leads/people/", {"what": "topic", "o-name": "Roaming"}
                       ).status_code == 302
    assert Topic.objects.get().slug == "roaming"
    again = client.post("/leads/people/", {"what": "topic", "o-name": "Roaming"})
    assert "There is a topic with this name already." in again.content.decode()
    assert "Please name the topic." in client.post(
        "/leads/people/", {"what": "topic", "o-name": ""}).content.decode()
    assert 'value="roaming"' in client.get("/leads/entries/new/").content.decode()
    assert signed_in(agent).post("/leads/people/", {"what": "topic", "o-name": "X"}
                                 ).status_code == 403
