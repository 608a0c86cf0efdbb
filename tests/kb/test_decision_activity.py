"""One decision's page: versions, announcements and use of every language version, each
with its language marked."""

import re

from django.utils import timezone

from kb.entries import entry_update
from kb.models import Entry, EntryUsage, FaqVote


def rows(html: str, table: str) -> list[str]:
    body = html.split(f'class="{table}"', 1)[1].split("</table>", 1)[0]
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip()
            for r in re.findall(r"<tr[^>]*data-language[^>]*>.*?</tr>", body, re.S)]


def test_the_decision_page_shows_each_languages_versions_announcements_and_use(
        make_entry, lead, lead_client, client):
    nb = make_entry("Gavekort", "Vi selger ikke gavekort.", language="nb", group="gift")
    en = make_entry("Gift cards", "We do not sell gift cards.", group="gift")
    make_entry("Roaming", "Included.", group="roaming")  # another decision: not shown
    nb.answer = "Vi selger dessverre ikke gavekort."
    entry_update(nb, user=lead, message="Friendlier bokmål")
    en.why = "Gift cards are a liability on the books."
    entry_update(en, user=lead, message="The why")
    today = timezone.localdate()
    EntryUsage.objects.create(entry=nb, date=today, suggested=5, sent_as_is=3, sent_edited=1)
    EntryUsage.objects.create(entry=en, date=today, suggested=2, sent_as_is=1, rejected=1)
    FaqVote.objects.create(entry=en, visitor="v1", helpful=True)

    client.force_login(lead)
    html = client.get("/leads/decisions/gift/").content.decode()
    versions = rows(html, "decision-versions")
    assert len(versions) == 4  # two versions of each language, and none of roaming's
    assert any(r.startswith("Norsk (bokmål) v2") and "Friendlier bokmål" in r for r in versions)
    assert any(r.startswith("English v2") and "The why" in r for r in versions)
    announced = rows(html, "decision-announcements")
    assert len(announced) == 2  # the first announcement of each: created unannounced
    assert any(r.startswith("Norsk (bokmål) New decision v2") for r in announced)
    assert any(r.startswith("English New decision v2") for r in announced)
    health = rows(html, "decision-health")
    assert "English 2 1 0 1 1 / 0" in health and "Norsk (bokmål) 5 3 1 0 0 / 0" in health
    assert re.search(r"All languages\s*</th>\s*<td>7</td><td>4</td><td>1</td><td>1</td>",
                     html)
    languages = rows(html, "decision-languages")
    assert languages and not any("missing" in r for r in languages)  # en and nb: both here


def test_a_missing_language_links_to_its_translation_and_history_links_here(
        make_entry, lead, client):
    sv = make_entry("Roaming", "Roaming ingår i EU.", language="sv", group="roaming")
    make_entry("Gift cards", "No.", group="gift")
    client.force_login(lead)
    html = client.get("/leads/decisions/roaming/").content.decode()
    assert f"/leads/entries/{sv.pk}/translate/?to=en" in html
    missing = [r for r in rows(html, "decision-languages") if "missing" in r]
    assert missing == ["English missing Translate from sv"]
    history = client.get(f"/leads/entries/{sv.pk}/history/").content.decode()
    assert 'href="/leads/decisions/roaming/"' in history
    assert 'href="/leads/decisions/roaming/"' in client.get("/leads/decisions/").content.decode()


def test_a_decision_without_live_entries_is_not_found(make_entry, lead, client):
    gone = make_entry("Fax support", "We no longer take faxes.", group="fax")
    Entry.objects.filter(pk=gone.pk).update(status=Entry.Status.RETIRED)
    client.force_login(lead)
    assert client.get("/leads/decisions/fax/").status_code == 404
    assert client.get("/leads/decisions/no-such/").status_code == 404


def test_an_outdated_translation_is_marked_up_to_date_from_the_page(make_entry, lead, client):
    from kb.translations import create_translation, decision_of

    sv = make_entry("Roaming", "Roaming ingår i EU.", language="sv", group="roaming")
    fi = create_translation(sv, language="fi", title="Verkkovierailu",
                            answer="Verkkovierailu sisältyy EU:ssa.")
    sv.answer = "Roaming ingår i EU och Norge."
    entry_update(sv, message="Norway too")
    client.force_login(lead)
    html = client.get("/leads/decisions/roaming/").content.decode()
    assert f'action="/leads/entries/{fi.pk}/up-to-date/"' in html
    done = client.post(f"/leads/entries/{fi.pk}/up-to-date/", follow=True)
    assert "marked up to date" in done.content.decode()
    assert decision_of(sv).outdated == []
    assert "up-to-date/" not in client.get("/leads/decisions/roaming/").content.decode()
