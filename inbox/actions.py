"""What agents do to a conversation: take it, assign it, mark it done or follow up."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils import timezone

from inbox.errors import FieldError
from inbox.models import Conversation, Message
from kb.models import Team
from kb.roles import is_agent
from suggest import signoff


class ActionRefused(FieldError):
    """Refused by the inbox (400 with the field's message)."""


def take(conversation: Conversation, user) -> None:
    conversation.assignee = user
    conversation.save(update_fields=["assignee", "updated_at"])
    sign_drafts(conversation)


def sign_drafts(conversation: Conversation) -> int:
    """The unsent drafts of the conversation end with its assignee's sign-off (the team's
    when nobody is assigned). Returns how many suggestions changed."""
    messages = (Message.objects.filter(conversation=conversation, suggestion__isnull=False)
                .select_related("suggestion__agent"))
    return sum(signoff.resign(m.suggestion, conversation.assignee) for m in messages)


def assign(conversation: Conversation, *, assignee_id=None, team_slug=None) -> None:
    fields = ["updated_at"]
    if assignee_id is not None or team_slug is None:
        user = None
        if assignee_id:
            user = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
            if user is None or not is_agent(user):
                raise ActionRefused("assignee", "No such agent.")
        conversation.assignee = user
        fields.append("assignee")
    if team_slug is not None:
        team = None
        if team_slug:
            team = Team.objects.filter(slug=team_slug).first()
            if team is None:
                raise ActionRefused("team", "No such team.")
        conversation.team = team
        fields.append("team")
    conversation.save(update_fields=fields)
    if "assignee" in fields:
        sign_drafts(conversation)


def set_status(conversation: Conversation, status: str) -> None:
    if status not in Conversation.Status.values:
        raise ActionRefused("status", f"One of {', '.join(Conversation.Status.values)}.")
    conversation.status = status
    if status in (Conversation.Status.DONE, Conversation.Status.WAITING_ON_CUSTOMER):
        conversation.waiting_since = None
    elif conversation.waiting_since is None and status in Conversation.WAITING:
        conversation.waiting_since = timezone.now()
    conversation.save(update_fields=["status", "waiting_since", "updated_at"])
