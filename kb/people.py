"""People and their roles, managed by leads in the pages: agents, leads, teams; and the
brand voice. Each change is an audit event."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from kb.audit import log_event
from kb.models import BrandVoice, Team, Topic
from kb.roles import AGENTS, LEADS, ensure_roles, is_lead

User = get_user_model()
ROLES = {"none": "no role", "agent": "agent", "lead": "lead"}


def role_of(user) -> str:
    if is_lead(user):
        return "lead"
    names = set(user.groups.values_list("name", flat=True))
    return "agent" if AGENTS in names else "no role"


def everyone():
    people = list(User.objects.order_by("username").prefetch_related("groups", "svar_teams"))
    for p in people:
        p.role = role_of(p)
    return people


def teams():
    return Team.objects.order_by("name").prefetch_related("members")


@transaction.atomic
def save_person(person, *, username: str = "", first_name: str = "", last_name: str = "",
                email: str = "", password: str = "", role: str = "agent", teams=(),
                active: bool = True, user) -> User:
    """Create a person (`person` None) or change one: names, role, teams, active. A lead
    cannot take away their own lead role or lock themselves out."""
    ensure_roles()
    if role not in ROLES:
        raise ValidationError({"role": "Choose agent, lead or no role."})
    if person is None:
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError({"username": "Someone already has this user name."})
        if not password:
            raise ValidationError({"password": "Please give a first password."})
        person = User(username=username)
    elif person.pk == user.pk and (role != "lead" or not active):
        raise ValidationError({"role": "You cannot take away your own lead role; ask "
                                       "another lead."})
    person.first_name, person.last_name, person.email = first_name, last_name, email
    person.is_active = active
    if password:
        person.set_password(password)
    person.save()
    groups = {AGENTS: Group.objects.get(name=AGENTS), LEADS: Group.objects.get(name=LEADS)}
    person.groups.remove(*groups.values())
    if role == "agent":
        person.groups.add(groups[AGENTS])
    elif role == "lead":
        person.groups.add(groups[AGENTS], groups[LEADS])
    person.svar_teams.set(teams)
    person.__dict__.pop("_svar_groups", None)
    log_event(user, "person.saved", person, detail={"role": role, "active": active,
                                                    "teams": [t.slug for t in teams]})
    return person


@transaction.atomic
def _create_named(model, what: str, *, name: str, user):
    """A team or topic by name, its slug from the name; a taken slug is a field message."""
    slug = slugify(name)[:50] or what
    if model.objects.filter(slug=slug).exists():
        raise ValidationError({"name": f"There is a {what} with this name already."})
    row = model.objects.create(slug=slug, name=name)
    log_event(user, f"{what}.created", row, detail={"name": name})
    return row


def create_team(*, name: str, user) -> Team:
    return _create_named(Team, "team", name=name, user=user)


def create_topic(*, name: str, user) -> Topic:
    return _create_named(Topic, "topic", name=name, user=user)


@transaction.atomic
def save_voice(data: dict, *, user) -> BrandVoice:
    """Save the brand voice from the form; contact labels in other languages are kept."""
    voice = BrandVoice.current()
    old = {row.get("url"): row for row in (voice.contact_channels or [])}
    for row in data["contact_channels"]:
        label = (old.get(row["url"]) or {}).get("label")
        if isinstance(label, dict):
            row["label"] = {**label, **row["label"]}
    for field in ("brand", "formal", "emoji", "signoffs", "contact_channels", "home_language",
                  "language_fallbacks"):
        setattr(voice, field, data[field])
    voice.save()
    log_event(user, "voice.saved", voice, detail={"brand": voice.brand})
    return voice
