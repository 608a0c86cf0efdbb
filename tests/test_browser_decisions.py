"""A lead sees each decision's languages side by side, which are missing and which are
outdated, and translates one with the source beside the form; the new language then shows as
present."""

import pytest

from kb.entries import entry_update
from kb.models import Entry
from kb.translations import create_translation
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handbook(make_entry):
    gift_en = make_entry("Gift cards", "We do not sell gift cards.", group="gift-cards")
    make_entry("Gavekort", "Vi selger dessverre ikke gavekort.", language="nb",
               group="gift-cards")
    roaming = make_entry("Roaming", "Roaming ingår i EU.", language="sv", group="roaming")
    fi = create_translation(roaming, language="fi", title="Verkkovierailu",
                            answer="Verkkovierailu sisältyy EU:ssa.")
    roaming.answer = "Roaming ingår i EU och Norge."
    entry_update(roaming, message="Norway too")  # the Finnish translation is now outdated
    return {"gift_en": gift_en, "roaming": roaming, "fi": fi}


def cell(page, group, language):
    return page.locator(f'tr[data-group="{group}"] td[data-language="{language}"]')


def test_decisions_show_languages_side_by_side_with_missing_and_outdated(
        page, live_server, lead, handbook):
    login(page, live_server, "lead1", "pw-lead1")
    page.goto(f"{live_server.url}/leads/decisions/")
    headers = page.locator("table.decisions thead th").all_inner_texts()
    assert headers == ["Decision", "en", "fi", "nb", "sv"]

    en, nb, sv = (cell(page, "gift-cards", lang) for lang in ("en", "nb", "sv"))
    boxes = [c.bounding_box() for c in (en, nb, sv)]
    assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"]  # one row, side by side
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2
    assert "Gift cards" in en.inner_text() and "Gavekort" in nb.inner_text()
    assert sv.get_attribute("class") == "missing" and sv.locator(".badge.warn").is_visible()
    assert sv.get_by_role("link", name="Translate from en").is_visible()

    fi = cell(page, "roaming", "fi")
    assert fi.get_attribute("class") == "outdated"
    assert "outdated" in fi.inner_text() and "from sv v1, now v2" in fi.inner_text()
    # A missing cell looks different from a present one.
    assert sv.evaluate("e => getComputedStyle(e).backgroundColor") != \
        en.evaluate("e => getComputedStyle(e).backgroundColor")

    page.get_by_role("link", name="Only missing or outdated").click()
    page.wait_for_load_state()
    assert page.locator('tr[data-group="roaming"]').is_visible()


def test_a_lead_translates_beside_the_source_and_the_language_is_then_present(
        page, live_server, lead, handbook):
    login(page, live_server, "lead1", "pw-lead1")
    page.goto(f"{live_server.url}/leads/decisions/")
    cell(page, "gift-cards", "sv").get_by_role("link", name="Translate from en").click()
    page.wait_for_load_state()
    source = page.locator("section.source")
    form = page.locator("form.translation")
    assert "We do not sell gift cards." in source.inner_text()
    s, f = source.bounding_box(), form.bounding_box()
    assert s["x"] + s["width"] <= f["x"] and s["y"] < f["y"] + f["height"]  # source beside
    assert page.get_by_label("Language").input_value() == "sv"

    page.get_by_label("Title").fill("Presentkort")
    page.get_by_label("Answer").fill("Vi säljer tyvärr inte presentkort.")
    page.get_by_role("button", name="Save as draft translation").click()
    page.wait_for_load_state()

    assert page.url.endswith("/leads/decisions/")
    assert "Draft translation into sv saved" in page.locator(".messages").inner_text()
    sv = cell(page, "gift-cards", "sv")
    assert sv.get_attribute("class") == "present"
    assert "Presentkort" in sv.inner_text() and "missing" not in sv.inner_text()
    made = Entry.objects.get(translation_group="gift-cards", language="sv")
    assert made.translated_from_id == handbook["gift_en"].pk and made.status == "draft"


def test_a_translation_without_an_answer_keeps_what_was_typed(page, live_server, lead,
                                                              handbook):
    login(page, live_server, "lead1", "pw-lead1")
    page.goto(f"{live_server.url}/leads/entries/{handbook['gift_en'].pk}/translate/?to=da")
    page.get_by_label("Title").fill("Gavekort")
    page.get_by_role("button", name="Save as draft translation").click()
    page.wait_for_load_state()
    assert page.locator(".error", has_text="Write the answer").is_visible()
    assert page.get_by_label("Title").input_value() == "Gavekort"
    assert not Entry.objects.filter(translation_group="gift-cards", language="da").exists()
