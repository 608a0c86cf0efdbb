"""Run the retention purge now (the same as the scheduled Celery beat task)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from suggest.retention import purge_expired


class Command(BaseCommand):
    help = "Remove customer text older than the retention period and report what was removed."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"Retention in days (default {settings.SVAR_RETENTION_DAYS}).")

    def handle(self, *args, **options):
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("--days must be 0 or more.")
        counts = purge_expired(options["days"])
        summary = ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Purged: {summary}."))
