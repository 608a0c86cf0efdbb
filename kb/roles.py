"""The two roles: agents answer customers, leads decide and publish. Groups named exactly
`agents` and `leads`, created after every migrate."""

from django.contrib.auth.models import Group, Permission

AGENTS = "agents"
LEADS = "leads"

AGENT_PERMISSIONS = [
    "kb.view_entry", "kb.view_examplequestion", "kb.view_topic", "kb.view_team",
    "kb.view_entryversion",
]
LEAD_PERMISSIONS = AGENT_PERMISSIONS + [
    "kb.add_entry", "kb.change_entry", "kb.delete_entry", "kb.publish_entry",
    "kb.add_examplequestion", "kb.change_examplequestion", "kb.delete_examplequestion",
    "kb.add_topic", "kb.change_topic", "kb.add_team", "kb.change_team",
    "kb.change_brandvoice", "kb.view_brandvoice",
]


def _in_group(user, name: str) -> bool:
    if not user or not user.is_authenticated:
        return False
    cache = getattr(user, "_svar_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._svar_groups = cache
    return name in cache


def is_lead(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or _in_group(user, LEADS)))


def is_agent(user) -> bool:
    """Leads are agents too: they answer customers as well."""
    return is_lead(user) or _in_group(user, AGENTS)


def ensure_roles(**_kwargs) -> None:
    """Create the groups and give them their permissions (idempotent)."""
    for name, perms in ((AGENTS, AGENT_PERMISSIONS), (LEADS, LEAD_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        wanted = []
        for perm in perms:
            app_label, codename = perm.split(".")
            wanted += list(Permission.objects.filter(content_type__app_label=app_label,
                                                     codename=codename))
        group.permissions.set(wanted)
