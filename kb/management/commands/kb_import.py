"""Import handbook entries from JSON Lines ({"id","title","answer","questions","language"},
optionally "group": entries with the same group are translations of one decision).
The id is kept as an external key, so importing again updates instead of duplicating."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from kb.entries import entry_upsert_by_key
from kb.maintenance import refresh_planner_statistics
from kb.models import Entry, Language
from kb.search.upkeep import batched_reindex


class Command(BaseCommand):
    help = "Import entries from a JSON Lines file (format of shared/eval/README.md)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .jsonl file, one entry a line.")
        parser.add_argument("--publish", action="store_true",
                            help="Publish the entries (new ones are drafts otherwise; existing "
                                 "ones keep their status).")
        parser.add_argument("--audience", choices=["public", "internal"], default=None,
                            help="Audience to set (new entries default to public; existing "
                                 "ones keep theirs).")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        lines = path.read_text(encoding="utf-8").splitlines()
        items = []
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CommandError(f"{path}:{number}: not valid JSON ({exc.msg}).") from exc
            problem = validate(item)
            if problem:
                raise CommandError(f"{path}:{number}: {problem}")
            items.append(item)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
        status = Entry.Status.PUBLISHED if options["publish"] else None
        with batched_reindex():
            for item in tqdm(items, desc="importing", unit="entry", file=self.stderr,
                             disable=None):
                try:
                    with transaction.atomic():
                        counts[import_one(item, status, options["audience"])] += 1
                except ValidationError as exc:
                    counts["refused"] += 1
                    self.stderr.write(f"refused {item['id']}: {exc.messages}")
        refresh_planner_statistics()
        summary = ", ".join(f"{n} {k}" for k, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Imported {len(items)} entries: {summary}."))


def validate(item) -> str | None:
    if not isinstance(item, dict):
        return "each line must be a JSON object."
    if not str(item.get("id", "")).strip():
        return 'missing "id".'
    if item.get("language") not in Language.values:
        return f'"language" must be one of {", ".join(Language.values)}.'
    if not (str(item.get("title") or "").strip() or str(item.get("answer") or "").strip()
            or any(str(q).strip() for q in item.get("questions") or [])):
        return 'needs a "title", an "answer" or "questions".'
    if not isinstance(item.get("questions", []), list):
        return '"questions" must be a list of strings.'
    group = item.get("group")
    if group is not None and (not isinstance(group, str) or not group.strip()
                              or len(group) > 200):
        return '"group" must be a non-empty string of at most 200 characters.'
    return None


def import_one(item: dict, status: str | None, audience: str | None) -> str:
    """Create or update one entry. On update, status and audience change only when asked:
    re-running an import must not publish internal entries or take live ones down."""
    key = str(item["id"])
    questions = [str(q) for q in item.get("questions", []) if str(q).strip()]
    title = (item.get("title") or "").strip() or (questions[0] if questions else
                                                  (item.get("answer") or "")[:80])
    exists = Entry.objects.filter(external_key=key).exists()
    wanted = {"title": title[:300], "answer": item.get("answer") or "",
              "language": item["language"]}
    if status or not exists:
        wanted["status"] = status or Entry.Status.DRAFT
    if audience or not exists:
        wanted["audience"] = audience or Entry.Audience.PUBLIC
    group = (item.get("group") or "").strip()
    if group:
        wanted["translation_group"] = group
    outcome = entry_upsert_by_key(key, wanted, message="Imported", questions=questions)
    return "updated" if outcome == "changed" else outcome
