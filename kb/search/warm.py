"""Warm a serving process before its first customer: the embedding model, the index, the
language detector and the phone-number metadata all load lazily, and together they made the
first suggestion after `make run` take over 30 s. Called after gunicorn forks a worker
(project/gunicorn.conf.py) and in the background when `manage.py runserver` serves
(kb.apps); never at import, in tests or in other management commands."""

from __future__ import annotations

import logging
import sys
import threading

from django.conf import settings

log = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(settings.SVAR_WARM_ON_START)


def warm_up() -> None:
    """Load everything a search or a suggestion needs. The model first: it is the slow part,
    and it needs no database (an empty one is fine; the first search builds the index)."""
    # Imported here, not at the top: kb.apps imports this module in every process, and only
    # a serving one should pay for the search stack.
    from django.db import connections

    from kb.search.service import encode_query, holder
    from text.language_choice import detect_language
    from text.personal_data import find_personal_data

    try:
        encode_query("warm up")
        detect_language("warm up the language models")  # lingua loads lazily, ~1 s
        find_personal_data("ring meg på 912 34 567")  # phonenumbers' metadata
        holder.get()
    finally:
        connections.close_all()  # request threads open their own; don't keep this one idle


def serves_with_runserver(argv: list[str] | None = None,
                          reloaded_child: bool | None = None) -> bool:
    """True in the process runserver serves from: the autoreloader's child
    (settings.SVAR_RUNSERVER_CHILD), or the only process with --noreload."""
    argv = sys.argv if argv is None else argv
    if reloaded_child is None:
        reloaded_child = settings.SVAR_RUNSERVER_CHILD
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return reloaded_child or "--noreload" in argv


def warm_in_background() -> threading.Thread:
    def run():
        try:
            warm_up()
            log.info("warm-up done: model, language detector and index loaded")
        except Exception as exc:  # e.g. no migrations yet; the first request loads instead
            log.warning("warm-up skipped: %s", exc)

    thread = threading.Thread(target=run, name="svar-warm-up", daemon=True)
    thread.start()
    return thread
