"""The decisions API: a decision with its language versions, missing and outdated languages,
and a translation made from a source entry; each answer checked against the OpenAPI schema."""

import jsonschema
import pytest
from drf_spectacular.generators import SchemaGenerator

from kb.entries import entry_update
from kb.models import Entry, Team


@pytest.fixture
def handbook(make_entry):
    nb = make_entry("Gavekort", "Vi selger dessverre ikke gavekort.", language="nb",
                    group="gift-cards", questions=["Selger dere gavekort?"])
    en = make_entry("Gift cards", "We do not sell gift cards.", group="gift-cards")
    sv = make_entry("Roaming", "Roaming ingår i EU.", language="sv", group="roaming")
    return {"nb": nb, "en": en, "sv": sv}


@pytest.fixture(scope="module")
def openapi():
    return SchemaGenerator().get_schema(request=None, public=True)


def _json_schema(node):
    """OpenAPI 3.0's ``nullable`` as JSON Schema's null type (what jsonschema reads)."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        out = {"anyOf": [out, {"type": "null"}]}
    return out


def conforms(openapi, path: str, method: str, response) -> None:
    """The body is what the schema documents for this operation and status."""
    operation = openapi["paths"][path][method]
    media = operation["responses"][str(response.status_code)]["content"]["application/json"]
    schema = _json_schema({**media["schema"], "components": openapi["components"]})
    jsonschema.validate(response.json(), schema)


def by_group(body):
    return {d["group"]: d for d in body["results"]}


def test_list_shows_each_decisions_languages_missing_and_outdated(
        handbook, agent_client, openapi):
    response = agent_client.get("/api/v1/decisions/")
    assert response.status_code == 200
    conforms(openapi, "/api/v1/decisions/", "get", response)
    decisions = by_group(response.json())
    gift = decisions["gift-cards"]
    assert gift["languages"] == ["en", "nb"] and gift["missing"] == ["sv"]
    assert gift["title"] == "Gift cards"  # the English title names the decision
    assert {v["language"]: v["id"] for v in gift["versions"]} == {
        "en": handbook["en"].pk, "nb": handbook["nb"].pk}
    assert decisions["roaming"]["missing"] == ["en", "nb"]


def test_a_changed_source_makes_its_translation_outdated(handbook, lead_client, openapi):
    source = handbook["sv"]
    made = lead_client.post(f"/api/v1/entries/{source.pk}/translations/", {
        "language": "fi", "title": "Verkkovierailu", "answer": "Verkkovierailu sisältyy EU:ssa.",
        "questions": ["Maksaako verkkovierailu Espanjassa?"]}, format="json")
    assert made.status_code == 201, made.json()
    conforms(openapi, "/api/v1/entries/{id}/translations/", "post", made)
    body = made.json()
    assert body["entry"]["language"] == "fi" and body["entry"]["status"] == "draft"
    assert body["entry"]["questions"] == ["Maksaako verkkovierailu Espanjassa?"]
    assert "fi" in body["decision"]["languages"] and "fi" not in body["decision"]["missing"]
    fi = next(v for v in body["decision"]["versions"] if v["language"] == "fi")
    assert (fi["translated_from"], fi["translated_from_language"],
            fi["translated_from_version"], fi["outdated"]) == (source.pk, "sv", 1, False)

    source.answer = "Roaming ingår i EU och Norge."
    entry_update(source, message="Norway too")
    detail = lead_client.get("/api/v1/decisions/roaming/")
    conforms(openapi, "/api/v1/decisions/{group}/", "get", detail)
    assert detail.json()["outdated"] == ["fi"]
    fi = next(v for v in detail.json()["versions"] if v["language"] == "fi")
    assert fi["outdated"] and fi["source_version"] == 2
    gaps = by_group(lead_client.get("/api/v1/decisions/?gaps=true").json())
    assert "roaming" in gaps


def test_gaps_lists_only_decisions_lacking_a_language(make_entry, lead_client):
    make_entry("Opening hours", "9 to 5.", group="hours")
    make_entry("Åpningstider", "9 til 5.", language="nb", group="hours")
    make_entry("Prices", "See the price list.", group="prices")
    assert set(by_group(lead_client.get("/api/v1/decisions/").json())) == {"hours", "prices"}
    assert set(by_group(lead_client.get("/api/v1/decisions/?gaps=true").json())) == {"prices"}


@pytest.mark.parametrize("payload, field", [
    ({"language": "xx", "title": "Roaming", "answer": "Roaming."}, "language"),
    ({"language": "en", "title": "", "answer": "Roaming is included."}, "title"),
    ({"language": "en", "title": "Roaming"}, "answer"),
    ({"language": "en", "title": "Roaming", "answer": "x" * 20001}, "answer"),
])
def test_a_bad_translation_is_a_field_message(handbook, lead_client, payload, field, openapi):
    response = lead_client.post(f"/api/v1/entries/{handbook['sv'].pk}/translations/",
                                payload, format="json")
    assert response.status_code == 400 and field in response.json(), response.json()
    assert Entry.objects.filter(translation_group="roaming").count() == 1


def test_a_language_the_decision_has_is_a_conflict(handbook, lead_client):
    response = lead_client.post(f"/api/v1/entries/{handbook['sv'].pk}/translations/",
                                {"language": "sv", "title": "Roaming", "answer": "Finns redan."},
                                format="json")
    assert response.status_code == 409 and "language" in response.json(), response.json()
    assert Entry.objects.filter(translation_group="roaming").count() == 1


@pytest.mark.parametrize("query", ["gaps=1", "gaps=null", "gaps=true&gaps=true", "gaps="])
def test_gaps_takes_true_or_false_once(lead_client, query):
    response = lead_client.get(f"/api/v1/decisions/?{query}")
    assert response.status_code == 400 and "gaps" in response.json()


def test_agents_read_but_may_not_translate(handbook, agent_client):
    response = agent_client.post(f"/api/v1/entries/{handbook['sv'].pk}/translations/", {
        "language": "en", "title": "Roaming", "answer": "Roaming is included."}, format="json")
    assert response.status_code == 403
    assert agent_client.get("/api/v1/decisions/gift-cards/").status_code == 200


def test_agents_see_only_versions_they_may_read(make_entry, agent_client, lead_client,
                                                django_user_model, anon_client):
    from tests.conftest import make_user

    marketing = Team.objects.create(slug="marketing", name="Marketing")
    marketing.members.add(make_user(django_user_model, "marketer", "agents", "Mia"))
    make_entry("Influencer fees", "By follower count.", group="fees", audience="internal",
               team=marketing)
    make_entry("Influensergebyr", "Etter antall følgere.", language="nb", group="fees",
               audience="internal", team=marketing)
    make_entry("Gavekort", "Nei.", language="nb", group="gift", status="draft")
    make_entry("Gift cards", "No.", group="gift")
    assert agent_client.get("/api/v1/decisions/fees/").status_code == 404
    assert lead_client.get("/api/v1/decisions/fees/").status_code == 200
    gift = agent_client.get("/api/v1/decisions/gift/").json()
    assert gift["languages"] == ["en"]  # the bokmål draft is no answer an agent may give
    assert "fees" not in by_group(agent_client.get("/api/v1/decisions/").json())
    assert anon_client.get("/api/v1/decisions/").status_code == 401


def test_a_group_key_with_a_slash_is_found(make_entry, agent_client):
    make_entry("Returns", "30 days.", group="shop/returns")
    assert agent_client.get("/api/v1/decisions/shop/returns/").json()["group"] == "shop/returns"
    assert agent_client.get("/api/v1/decisions/no-such-group/").status_code == 404


def test_a_checked_translation_is_up_to_date_again(handbook, lead_client, openapi):
    from kb.models import AuditEvent
    from kb.translations import create_translation

    source = handbook["sv"]
    fi = create_translation(source, language="fi", title="Verkkovierailu",
                            answer="Verkkovierailu sisältyy EU:ssa.")
    source.answer = "Roaming ingår i EU och Norge."
    entry_update(source, message="Norway too")
    assert lead_client.get("/api/v1/decisions/roaming/").json()["outdated"] == ["fi"]

    response = lead_client.post(f"/api/v1/entries/{fi.pk}/up-to-date/")
    assert response.status_code == 200
    conforms(openapi, "/api/v1/entries/{id}/up-to-date/", "post", response)
    assert response.json()["outdated"] == []
    version = next(v for v in response.json()["versions"] if v["language"] == "fi")
    assert version["translated_from_version"] == version["source_version"] == 2
    event = AuditEvent.objects.get(action="entry.translation_checked")
    assert event.detail == {"source": source.pk, "from_version": 1, "to_version": 2}
    # Again: nothing to record.
    assert lead_client.post(f"/api/v1/entries/{fi.pk}/up-to-date/").status_code == 200
    assert AuditEvent.objects.filter(action="entry.translation_checked").count() == 1


def test_an_entry_that_is_no_translation_cannot_be_up_to_date(handbook, lead_client,
                                                               agent_client):
    response = lead_client.post(f"/api/v1/entries/{handbook['sv'].pk}/up-to-date/")
    assert response.status_code == 409 and "no translation" in response.json()["detail"][0]
    assert agent_client.post(f"/api/v1/entries/{handbook['sv'].pk}/up-to-date/").status_code \
        == 403


def test_a_nul_in_a_group_key_is_a_400(lead_client, lead, client):
    assert lead_client.get("/api/v1/decisions/a%00b/").status_code == 400
    client.force_login(lead)
    assert client.get("/leads/decisions/a%00b/").status_code == 400
