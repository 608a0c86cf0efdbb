"""The index never shows what the database no longer allows, and a rebuild that dies or
races another one leaves a serving, uncorrupted index."""

import random
import signal
import subprocess
import threading
import time

import pytest

from tests.services import child_env, manage_py, requires_services

WORDS = (
    "parcel", "delivery", "refund", "invoice", "warranty", "repair", "exchange", "voucher",
    "membership", "password", "account", "address", "payment", "card", "order", "return",
    "shipping", "store", "opening", "hours", "price", "discount", "complaint", "damage",
    "battery", "charger", "screen", "jacket", "shoes", "size", "colour", "gift", "pickup",
    "locker", "courier", "tracking", "cancel", "subscription", "newsletter", "receipt",
)


def ids(result) -> list[int]:
    return [hit.entry.pk for hit in result.hits]


# (a) What the database says wins over what the index holds.

def test_retired_entry_is_never_returned_even_before_the_reindex(make_entry):
    from kb.models import Entry
    from kb.search.service import holder, search

    entry = make_entry("Refunds after 30 days", "We refund unused items within 60 days.",
                       questions=["Can I still get a refund after a month?"])
    query = "can I get a refund after a month"
    assert entry.pk in ids(search(query, audience="all"))
    generation = holder.generation

    # A status change with no signal and no re-index task: the loaded index still has it.
    Entry.objects.filter(pk=entry.pk).update(status=Entry.Status.RETIRED)
    assert entry.pk in holder.get().meta and holder.generation == generation

    assert entry.pk not in ids(search(query, audience="all"))
    assert entry.pk not in ids(search(query, audience="public"))


def test_internal_entry_is_never_returned_to_the_public(make_entry, lead):
    from kb.search.service import search

    internal = make_entry("Goodwill vouchers for delayed parcels",
                          "Agents may give a 100 kr voucher when a parcel is over a week late.",
                          audience="internal",
                          questions=["My parcel is a week late, do I get compensation?"])
    query = "my parcel is a week late, do I get compensation"
    assert internal.pk in ids(search(query, audience="all", user=lead))
    assert internal.pk not in ids(search(query, audience="public"))
    assert internal.pk not in ids(search(query, audience="public", user=lead))
    assert internal.pk not in ids(search(query, audience="all", user=None))  # anonymous


@pytest.mark.parametrize("language", ["en", None])
def test_one_pass_for_two_audiences_matches_two_searches(make_entry, lead, language):
    """Suggest asks for public answers and internal guidance in one pass; each audience
    must get what its own search gives, even when internal entries crowd the public one
    out of the shared pass."""
    from kb.search.service import ALL, PUBLIC, search, search_audiences

    public = make_entry("Opening hours", "We are open 9-17 on weekdays.",
                        questions=["When do your stores open?"])
    for i in range(30):
        make_entry(f"Parcel locker code {i}", f"Internal: locker fault procedure {i}.",
                   audience="internal",
                   questions=[f"The parcel locker will not open with my code {i}",
                              "parcel locker will not open"])
    query = "the parcel locker will not open"
    both = search_audiences(query, audiences=(PUBLIC, ALL), language=language, user=lead, k=3)
    alone_public = search(query, audience=PUBLIC, language=language, user=lead, k=3)
    alone_all = search(query, audience=ALL, language=language, user=lead, k=3)

    assert ids(both[PUBLIC]) == ids(alone_public) and public.pk in ids(alone_public)
    assert ids(both[ALL]) == ids(alone_all) and public.pk not in ids(alone_all)
    for mine, theirs in ((both[PUBLIC], alone_public), (both[ALL], alone_all)):
        assert mine.confidence == pytest.approx(theirs.confidence)
        assert mine.abstained == theirs.abstained


# (b) A rebuild that fails or is killed leaves the previous index serving.

@pytest.mark.parametrize("background", [False, True], ids=["sync-swap", "background-swap"])
def test_failed_rebuild_keeps_the_last_good_index(make_entry, settings, monkeypatch, background):
    from kb.models import IndexState
    from kb.search import service

    old = make_entry("Opening hours", "Our stores are open 10 to 20 on weekdays.",
                     questions=["When do you open on Monday?"])
    assert old.pk in ids(service.search("when do you open on monday", audience="all"))
    served = service.holder.generation

    new = make_entry("Gift wrapping", "We wrap gifts for free at the till.",
                     questions=["Do you wrap presents?"])
    IndexState.bump()  # a newer generation is announced ...

    def crash(generation=None):
        raise RuntimeError("rebuild killed midway")

    monkeypatch.setattr(service, "build_index", crash)  # ... but building it crashes
    settings.SVAR_INDEX_BACKGROUND_SWAP = background
    for _ in range(3):
        result = service.search("when do you open on monday", audience="all")
        assert old.pk in ids(result)
        swapper = next((t for t in threading.enumerate() if t.name == "svar-index-swap"), None)
        if swapper:
            swapper.join(10)
    assert service.holder.generation == served

    monkeypatch.undo()  # the next attempt succeeds and the new generation is served
    settings.SVAR_INDEX_BACKGROUND_SWAP = False
    assert new.pk in ids(service.search("do you wrap presents", audience="all"))
    assert service.holder.generation == IndexState.current_generation()


def _synthetic_entries(count: int, seed: int = 7):
    from kb.models import Entry

    rng = random.Random(seed)
    entries = []
    for i in range(count):
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        entries.append(Entry(
            title=f"Case {i}: {' '.join(rng.choice(WORDS) for _ in range(4))}",
            answer=f"Answer {i}: {words}.", why="Synthetic.", slug=f"synthetic-{i}",
            translation_group=f"synthetic-{i}", language="en",
            status=Entry.Status.PUBLISHED, audience=Entry.Audience.PUBLIC))
    return Entry.objects.bulk_create(entries, batch_size=1000)


def _assert_embeddings_intact():
    from django.db.models import Count

    from kb.models import Embedding

    rows = list(Embedding.objects.values_list("model_name", "dim", "vector"))
    assert rows, "no embeddings stored"
    assert {dim for _, dim, _ in rows} == {384}
    assert all(len(bytes(vector)) == 4 * dim for _, dim, vector in rows)
    duplicates = (Embedding.objects.values("model_name", "text_hash")
                  .annotate(n=Count("id")).filter(n__gt=1))
    assert not duplicates.exists()


def _expected_embeddings() -> int:
    """One stored vector per published text and dense space its language's partition uses."""
    from kb.models import Entry
    from kb.search.calibration import spaces_for
    from kb.search.encoder import space_encoders

    names = {space: encoder.model_name for space, encoder in space_encoders().items()}
    return len({(names[space], text)
                for e in Entry.objects.published().prefetch_related("questions")
                for _, text in e.texts() for space in spaces_for(e.language) if space in names})


@pytest.mark.services
@requires_services
def test_killed_rebuild_command_leaves_the_index_and_embeddings_intact(transactional_db,
                                                                       tmp_path):
    from kb.models import Embedding, Entry, IndexState
    from kb.search import service, upkeep

    served = Entry.objects.bulk_create([Entry(
        title="Lost password", answer="Use 'Forgot password' on the login page.",
        why="Self-service is fastest.", slug="lost-password", translation_group="pw",
        language="en", status=Entry.Status.PUBLISHED, audience=Entry.Audience.PUBLIC)])[0]
    upkeep.reindex()
    assert served.pk in ids(service.search("I forgot my password", audience="all"))
    generation = IndexState.current_generation()
    stored_before = Embedding.objects.count()

    _synthetic_entries(2000)  # ~4000 new texts: tens of seconds of encoding on 2 cores
    log = (tmp_path / "rebuild.log").open("wb")
    proc = subprocess.Popen(manage_py("kb_rebuild_index"), env=child_env(), stdout=log,
                            stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while Embedding.objects.count() < stored_before + 256:  # one batch stored: midway
            assert proc.poll() is None, (tmp_path / "rebuild.log").read_text()
            assert time.monotonic() < deadline, "the rebuild stored nothing in 120 s"
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
        log.close()

    assert proc.returncode == -signal.SIGKILL
    assert Embedding.objects.count() < stored_before + 4000  # really killed midway
    assert IndexState.current_generation() == generation
    _assert_embeddings_intact()
    result = service.search("I forgot my password", audience="all")
    assert served.pk in ids(result) and service.holder.generation == generation


# (c) Two rebuilds at once.

def test_two_rebuilds_at_once_do_not_corrupt_anything(transactional_db):
    from django.db import connection

    if connection.vendor == "sqlite":
        # SQLite's shared in-memory test database locks whole tables and fails a second
        # writer at once ("table is locked"); concurrent rebuilds are a PostgreSQL concern,
        # and CI runs this test there.
        pytest.skip("concurrent writers need PostgreSQL (CI runs this with DATABASE_URL)")
    from kb.models import Embedding, IndexState
    from kb.search import service, upkeep

    entries = _synthetic_entries(150)
    before = IndexState.current_generation()
    errors = []

    def rebuild():
        try:
            upkeep.reindex()
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            from django.db import connection

            connection.close()

    threads = [threading.Thread(target=rebuild) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors
    assert IndexState.current_generation() == before + 2
    assert Embedding.objects.count() == _expected_embeddings()
    _assert_embeddings_intact()
    assert entries[42].pk in ids(service.search(entries[42].title, audience="all", k=10))


@pytest.mark.services
@requires_services
def test_two_rebuild_commands_at_once_do_not_corrupt_anything(transactional_db, tmp_path):
    from kb.models import Embedding, IndexState
    from kb.search import service

    entries = _synthetic_entries(300)
    before = IndexState.current_generation()
    procs = [subprocess.Popen(manage_py("kb_rebuild_index"), env=child_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert IndexState.current_generation() == before + 2
    assert Embedding.objects.count() == _expected_embeddings()
    _assert_embeddings_intact()
    assert entries[7].pk in ids(service.search(entries[7].title, audience="all", k=10))


def test_a_failed_build_is_retried_only_after_the_back_off(make_entry, settings, monkeypatch):
    """A build that keeps failing must not be retried on every request."""
    from kb.models import IndexState
    from kb.search import service

    make_entry("Opening hours", "Open 10 to 20.", questions=["when do you open"])
    service.search("when do you open", audience="all")
    IndexState.bump()
    calls = []

    def crash(generation=None):
        calls.append(generation)
        raise RuntimeError("database went away")

    monkeypatch.setattr(service, "build_index", crash)
    settings.SVAR_INDEX_RETRY_SECONDS = 3600
    for _ in range(5):
        assert service.search("when do you open", audience="all").hits
    assert len(calls) == 1
    settings.SVAR_INDEX_RETRY_SECONDS = 0
    service.search("when do you open", audience="all")
    assert len(calls) == 2
