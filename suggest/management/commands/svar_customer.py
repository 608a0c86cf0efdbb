"""Access and erasure requests from the command line: export or erase one customer."""

import json

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from suggest import privacy


class Command(BaseCommand):
    help = "Export (JSON) or erase everything Svar stores about a customer."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["export", "erase"])
        parser.add_argument("customer", help="Handle, display name or e-mail.")
        parser.add_argument("--by", default="", help="Username recorded in the audit log.")

    def handle(self, *args, **options):
        user = None
        if options["by"]:
            user = get_user_model().objects.filter(username=options["by"]).first()
            if user is None:
                raise CommandError(f"No user {options['by']!r}.")
        try:
            if options["action"] == "export":
                data = privacy.export_customer(options["customer"], user=user)
                self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            else:
                counts = privacy.erase_customer(options["customer"], user=user)
                self.stdout.write(self.style.SUCCESS(f"Erased: {counts}"))
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
