"""What every page's navigation needs: the reader's unread announcements."""

from kb.loop import intake
from kb.roles import is_agent


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if not is_agent(user):
        return {}

    def unread() -> int:  # lazy: counted only when a template shows it
        return intake.unread_announcements(user).count()

    return {"unread_announcements": unread}
