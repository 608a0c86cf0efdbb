"""A decision in several languages: the "group" key in and out, missing and outdated
translations, and a translation made from a source entry."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kb.entries import entry_update
from kb.models import Entry
from kb.translations import create_translation, decision_of, decisions

ROWS = [
    {"id": "gift-nb", "title": "Gavekort", "answer": "Vi selger ikke gavekort.",
     "questions": ["Selger dere gavekort?"], "language": "nb", "group": "gift-cards"},
    {"id": "gift-en", "title": "Gift cards", "answer": "We do not sell gift cards.",
     "questions": ["Do you sell gift cards?"], "language": "en", "group": "gift-cards"},
    {"id": "roam-sv", "title": "Roaming", "answer": "Roaming ingår i EU.",
     "questions": ["Kostar roaming i Spanien?"], "language": "sv", "group": "roaming"},
]


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def write(tmp_path, rows, name="h.jsonl"):
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    return path


def test_import_makes_one_decision_of_a_group_and_export_writes_it_back(db, tmp_path):
    run("kb_import", str(write(tmp_path, ROWS)), "--publish")
    nb, en = Entry.objects.get(external_key="gift-nb"), Entry.objects.get(external_key="gift-en")
    assert nb.translation_group == en.translation_group == "gift-cards"
    assert set(nb.translations()) == {en}

    out = tmp_path / "out.jsonl"
    call_command("kb_export", str(out), stderr=StringIO())
    exported = {r["id"]: r for r in map(json.loads, out.read_text().splitlines())}
    assert exported["gift-nb"]["group"] == exported["gift-en"]["group"] == "gift-cards"
    assert exported["roam-sv"]["questions"] == ["Kostar roaming i Spanien?"]
    # Exported and imported again: nothing changes.
    assert "3 unchanged" in run("kb_import", str(out))


def test_reimport_with_another_group_moves_the_entry(db, tmp_path):
    run("kb_import", str(write(tmp_path, ROWS)), "--publish")
    moved = [dict(ROWS[2], group="gift-cards")]
    assert "1 updated" in run("kb_import", str(write(tmp_path, moved, "m.jsonl")))
    assert Entry.objects.get(external_key="roam-sv").translation_group == "gift-cards"


@pytest.mark.parametrize("group", ["", 7, "x" * 201])
def test_import_refuses_a_bad_group(db, tmp_path, group):
    with pytest.raises(CommandError, match='"group"'):
        run("kb_import", str(write(tmp_path, [dict(ROWS[0], group=group)])))


def test_missing_languages_per_decision(db, tmp_path):
    run("kb_import", str(write(tmp_path, ROWS)), "--publish")
    by_group = {d.group: d for d in decisions()}
    assert by_group["gift-cards"].languages == ["en", "nb"]
    assert by_group["gift-cards"].missing == ["sv"]  # the handbook answers in en, nb, sv
    assert by_group["roaming"].missing == ["en", "nb"]


def test_a_translation_is_outdated_when_its_source_changes(db, tmp_path):
    run("kb_import", str(write(tmp_path, ROWS)), "--publish")
    source = Entry.objects.get(external_key="roam-sv")
    fi = create_translation(source, language="fi", title="Verkkovierailu",
                            answer="Verkkovierailu sisältyy EU:ssa.")
    assert fi.translation_group == "roaming" and fi.status == Entry.Status.DRAFT
    assert decision_of(source).outdated == []
    assert "fi" in decision_of(source).languages

    source.answer = "Roaming ingår i EU och Norge."
    entry_update(source, message="Norway too")
    assert decision_of(source).outdated == ["fi"]


def test_the_lead_page_shows_a_decisions_languages_and_makes_a_translation(
        db, tmp_path, lead, agent):
    from django.test import Client

    run("kb_import", str(write(tmp_path, ROWS)), "--publish")
    source = Entry.objects.get(external_key="roam-sv")
    pages = Client()
    pages.force_login(lead)
    html = pages.get("/leads/decisions/").content.decode()
    assert "Gift cards" in html and html.count("missing") >= 3  # sv gift cards; en, nb roaming
    assert f"/leads/entries/{source.pk}/translate/?to=en" in html

    form = pages.get(f"/leads/entries/{source.pk}/translate/?to=en").content.decode()
    assert "Roaming ingår i EU." in form  # the source beside the form
    bad = pages.post(f"/leads/entries/{source.pk}/translate/", {"language": "sv",
                                                                "title": "x", "answer": "y"})
    assert bad.status_code == 400  # sv exists already
    made = pages.post(f"/leads/entries/{source.pk}/translate/",
                      {"language": "en", "title": "Roaming", "answer": "Roaming is included."})
    assert made.status_code == 302
    en = Entry.objects.get(translation_group="roaming", language="en")
    assert en.translated_from == source and en.status == Entry.Status.DRAFT

    source.answer = "Roaming ingår i EU och Norge."
    entry_update(source, message="Norway too")
    html = pages.get("/leads/decisions/?gaps=1").content.decode()
    assert "outdated" in html

    other = Client()
    other.force_login(agent)
    assert other.get("/leads/decisions/").status_code == 403
