"""Management commands: the demo handbook, import, rebuild and evaluation."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from kb.models import BrandVoice, Entry, EntryVersion, IndexState
from kb.roles import is_agent, is_lead


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_load_demo_loads_a_realistic_handbook_and_is_idempotent(
        db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("load_demo")
    published = Entry.objects.published()
    assert published.count() >= 60
    assert set(published.values_list("language", flat=True)) >= {"nb", "nn", "sv", "da", "fi",
                                                                 "en"}
    assert published.filter(audience="internal").exists()
    assert not published.filter(why="").exists()
    assert all(e.questions.count() >= 3 for e in published)
    assert BrandVoice.current().brand == "Fjordtel"
    from django.contrib.auth.models import User

    assert is_agent(User.objects.get(username="agent"))
    assert is_lead(User.objects.get(username="lead"))
    versions, generation = EntryVersion.objects.count(), IndexState.current_generation()
    assert generation >= 1  # the demo was indexed

    output = run("load_demo")
    assert "0 created, 0 changed" in output
    assert EntryVersion.objects.count() == versions
    assert Entry.objects.count() == published.count()


def write_jsonl(path: Path, rows) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n")
    return path


def test_kb_import_keeps_the_id_so_a_reimport_updates(db, tmp_path):
    rows = [{"id": "card_arrival", "title": "Card arrival", "answer": "",
             "questions": ["Where is my card?", "My card hasn't arrived"], "language": "en"},
            {"id": "sv-1", "title": "", "answer": "Du kan byta abonnemang i appen.",
             "questions": [], "language": "sv"}]
    path = write_jsonl(tmp_path / "h.jsonl", rows)
    assert "2 created" in run("kb_import", str(path), "--publish")
    assert Entry.objects.published().count() == 2
    rows[0]["questions"].append("card still not here")
    write_jsonl(path, rows)
    output = run("kb_import", str(path), "--publish", "--audience", "internal")
    assert "0 created, 2 updated" in output
    card = Entry.objects.get(external_key="card_arrival")
    assert card.questions.count() == 3 and card.audience == "internal"
    assert Entry.objects.count() == 2


def test_kb_import_refreshes_postgresqls_statistics(db, tmp_path):
    """Without statistics PostgreSQL plans every search's re-check as a scan of all entries."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's (CI runs this with DATABASE_URL)")
    rows = [{"id": f"e{i}", "title": f"Entry {i}", "answer": "Text.", "questions": [],
             "language": "en"} for i in range(40)]
    run("kb_import", str(write_jsonl(tmp_path / "h.jsonl", rows)), "--publish")
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s",
                       [Entry._meta.db_table])
        assert cursor.fetchone()[0] == Entry.objects.count() == 40


@pytest.mark.parametrize("line, message", [
    ("{not json", "not valid JSON"),
    ('{"id": "x", "language": "de", "title": "t"}', "language"),
    ('{"title": "no id", "language": "en"}', "id"),
])
def test_kb_import_rejects_bad_lines_naming_the_line(db, tmp_path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(CommandError, match=message):
        run("kb_import", str(path))
    assert not Entry.objects.exists()


def test_kb_import_missing_file(db):
    with pytest.raises(CommandError, match="No such file"):
        run("kb_import", "/nonexistent.jsonl")


def test_kb_rebuild_index_publishes_a_new_generation(make_entry):
    make_entry("Data rollover", "Unused data rolls over.", questions=["does data roll over"])
    before = IndexState.current_generation()
    output = run("kb_rebuild_index")
    assert IndexState.current_generation() == before + 1
    assert "1 published entries" in output


def test_kb_eval_prints_metrics_without_touching_the_database(db, tmp_path, make_entry):
    make_entry("Existing", "Not part of the evaluation.")
    handbook = [
        {"id": "roam", "title": "Roaming", "answer": "", "language": "en",
         "questions": ["can I use my phone abroad", "roaming in spain", "data in the EU"]},
        {"id": "bill", "title": "Invoice", "answer": "", "language": "en",
         "questions": ["why is my bill high", "invoice too expensive", "extra charges"]},
    ]
    queries = [
        {"text": "does my phone work in italy", "expected": "roam", "language": "en"},
        {"text": "my invoice is higher than usual", "expected": "bill", "language": "en"},
        {"text": "what is the capital of peru", "expected": None, "language": "en"},
    ]
    write_jsonl(tmp_path / "handbook.jsonl", handbook)
    write_jsonl(tmp_path / "queries.jsonl", queries)
    out = run("kb_eval", str(tmp_path), "--json")
    metrics = json.loads(out.strip().splitlines()[-1])
    assert metrics["top1"] == 1.0
    for key in ("top3", "mrr10", "oos_abstained", "inscope_answered_correct",
                "handled_correctly"):
        assert key in metrics
    assert "top1" in out.splitlines()[0]
    assert "<- operating point" in out  # the coverage/accuracy curve and the chosen point
    assert Entry.objects.count() == 1  # the application's handbook is untouched


def test_kb_eval_measures_the_model_the_settings_name(db, tmp_path, settings):
    """Figures from kb_eval are only worth having for the model production searches with."""
    from kb.search.encoder import BUNDLED_MODEL_NAME, bundled_model_path

    handbook = [{"id": "roam", "title": "Roaming", "answer": "", "language": "en",
                 "questions": ["can I use my phone abroad"]}]
    write_jsonl(tmp_path / "handbook.jsonl", handbook)
    write_jsonl(tmp_path / "queries.jsonl",
                [{"text": "phone in italy", "expected": "roam", "language": "en"}])
    default = json.loads(run("kb_eval", str(tmp_path), "--json").strip().splitlines()[-1])
    assert default["model"].split("+")[0] == f"minilm:{BUNDLED_MODEL_NAME}"
    assert "+e5:" in default["model"]  # English texts answer other languages through e5
    # The same weights named by their folder: a model of the operator's choosing.
    settings.SVAR_EMBEDDING_MODEL = str(bundled_model_path())
    chosen = json.loads(run("kb_eval", str(tmp_path), "--json").strip().splitlines()[-1])
    assert chosen["model"].split("+")[0] == f"minilm:{bundled_model_path()}"


def test_kb_eval_holdout_turns_a_left_out_entrys_queries_into_out_of_scope(db, tmp_path):
    """Sets without out-of-scope queries (swefaq) still measure abstaining this way."""
    handbook = [{"id": f"e{i}", "title": f"Topic {i}", "answer": "", "language": "sv",
                 "questions": [f"fråga om ämne {i}"]} for i in range(10)]
    queries = [{"text": f"fråga om ämne {i}", "expected": f"e{i}", "language": "sv"}
               for i in range(10)]
    write_jsonl(tmp_path / "handbook.jsonl", handbook)
    write_jsonl(tmp_path / "queries.jsonl", queries)
    whole = json.loads(run("kb_eval", str(tmp_path), "--json").strip().splitlines()[-1])
    assert whole["queries_inscope"] == 10 and "queries_oos" not in whole
    held = json.loads(run("kb_eval", str(tmp_path), "--json", "--holdout", "0.3", "--seed",
                          "4").strip().splitlines()[-1])
    assert (held["entries"], held["queries_inscope"], held["queries_oos"]) == (7, 7, 3)
    again = json.loads(run("kb_eval", str(tmp_path), "--json", "--holdout", "0.3", "--seed",
                           "4").strip().splitlines()[-1])
    assert again["top1"] == held["top1"]  # the same seed leaves out the same entries


@pytest.mark.parametrize("share", ["-0.1", "0.95"])
def test_kb_eval_rejects_a_holdout_outside_its_range(db, tmp_path, share):
    write_jsonl(tmp_path / "handbook.jsonl", [])
    write_jsonl(tmp_path / "queries.jsonl", [])
    with pytest.raises(CommandError, match="--holdout"):
        run("kb_eval", str(tmp_path), "--holdout", share)


def test_kb_eval_needs_a_set_folder(db, tmp_path):
    with pytest.raises(CommandError, match="handbook.jsonl"):
        run("kb_eval", str(tmp_path))
