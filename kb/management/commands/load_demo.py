"""Load the demo handbook, brand voice and demo users. Running it twice changes nothing."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from kb.entries import entry_upsert_by_key
from kb.models import BrandVoice, Entry, Team, Topic
from kb.roles import AGENTS, LEADS, ensure_roles
from kb.search.upkeep import batched_reindex

DEFAULT_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_handbook.json"

# Local demo only; documented in the README. Never deploy these.
DEMO_USERS = [
    {"username": "agent", "password": "svar-agent-demo", "first_name": "Ola",
     "last_name": "Nordmann", "group": AGENTS, "is_staff": False},
    {"username": "lead", "password": "svar-lead-demo", "first_name": "Ingrid",
     "last_name": "Lund", "group": LEADS, "is_staff": True},
]
TEAMS = {"customer-care": "Customer care", "marketing": "Marketing"}


class Command(BaseCommand):
    help = "Load the demo handbook, brand voice and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_FILE), help="Handbook JSON file.")
        parser.add_argument("--no-users", action="store_true", help="Skip the demo users.")

    def handle(self, *args, **options):
        data = json.loads(Path(options["file"]).read_text(encoding="utf-8"))
        ensure_roles()
        with transaction.atomic(), batched_reindex():
            if not options["no_users"]:
                self.load_users()
            self.load_voice(data["brand"])
            for slug, name in TEAMS.items():
                Team.objects.get_or_create(slug=slug, defaults={"name": name})
            for topic in data.get("topics", []):
                Topic.objects.update_or_create(slug=topic["slug"], defaults={
                    "name": topic["names"].get("en", topic["slug"]), "names": topic["names"]})
            created = changed = 0
            for item in data["entries"]:
                outcome = self.load_entry(item)
                created += outcome == "created"
                changed += outcome == "changed"
        total = len(data["entries"])
        self.stdout.write(self.style.SUCCESS(
            f"Demo handbook: {total} entries ({created} created, {changed} changed, "
            f"{total - created - changed} unchanged)."))

    def load_users(self):
        User = get_user_model()
        for spec in DEMO_USERS:
            user, created = User.objects.get_or_create(username=spec["username"], defaults={
                "first_name": spec["first_name"], "last_name": spec["last_name"],
                "is_staff": spec["is_staff"]})
            if created:
                user.set_password(spec["password"])
                user.save()
            user.groups.add(Group.objects.get(name=spec["group"]))

    def load_voice(self, brand):
        if BrandVoice.objects.exists():
            return  # edited in the admin since: keep it
        voice = BrandVoice()
        voice.brand = brand["name"]
        voice.formal = brand.get("formal", False)
        voice.emoji = brand.get("emoji", "none")
        voice.signoffs = brand.get("signoffs", {})
        voice.contact_channels = brand.get("contact_channels", [])
        voice.save()

    def load_entry(self, item) -> str:
        wanted = {
            "title": item["title"], "answer": item["answer"],
            "short_answer": item.get("short_answer", ""), "why": item.get("why", ""),
            "kind": item["kind"], "audience": item["audience"], "language": item["language"],
            "status": Entry.Status.PUBLISHED, "translation_group": item["group"],
        }
        return entry_upsert_by_key(
            item["key"], wanted, message="Loaded from the demo handbook",
            questions=item.get("questions", []), topics=item.get("topics", []),
            team=Team.objects.filter(slug=item.get("team")).first())
