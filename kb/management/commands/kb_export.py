"""Write the handbook as JSON Lines in the format ``kb_import`` reads (shared/eval/README.md),
with each entry's decision as ``group``: export, edit or translate elsewhere, import back."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kb.models import Entry, Language
from kb.translations import export_lines


class Command(BaseCommand):
    help = "Export entries as JSON Lines (id, title, answer, questions, language, group)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-",
                            help="Where to write (default: standard output).")
        parser.add_argument("--published", action="store_true",
                            help="Only published entries (default: all but retired ones).")
        parser.add_argument("--language", choices=Language.values, default=None,
                            help="Only entries in this language.")

    def handle(self, *args, **options):
        entries = Entry.objects.exclude(status=Entry.Status.RETIRED)
        if options["published"]:
            entries = entries.filter(status=Entry.Status.PUBLISHED)
        if options["language"]:
            entries = entries.filter(language=options["language"])
        entries = entries.order_by("pk").prefetch_related("questions")
        target = options["file"]
        if target != "-" and not Path(target).parent.is_dir():
            raise CommandError(f"No such folder: {Path(target).parent}")
        out = sys.stdout if target == "-" else open(target, "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            for line in export_lines(entries):
                out.write(json.dumps(line, ensure_ascii=False) + "\n")
                count += 1
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(f"Exported {count} entries.")
