"""Which team a conversation belongs to: the first matching rule wins; none → unassigned,
visible to every agent."""

from __future__ import annotations

from inbox.models import Conversation, Message, RoutingRule
from kb.models import Entry


def team_for(conversation: Conversation, message: Message):
    text = (message.text or "").lower()
    decision_team_id = None
    if message.entry_id:
        decision_team_id = Entry.objects.filter(pk=message.entry_id).values_list(
            "team_id", flat=True).first()
    for rule in RoutingRule.objects.all():
        if rule.match == RoutingRule.Match.CHANNEL and rule.value.strip() == conversation.channel:
            return rule.team_id
        if rule.match == RoutingRule.Match.KEYWORD:
            words = [w.strip().lower() for w in rule.value.split(",") if w.strip()]
            if any(w in text for w in words):
                return rule.team_id
        if rule.match == RoutingRule.Match.DECISION_TEAM and decision_team_id and (
                rule.team_id is None or rule.team_id == decision_team_id):
            return decision_team_id
    return None


def route(conversation: Conversation, message: Message) -> None:
    """Route an unrouted conversation (a team chosen by hand is never overridden)."""
    if conversation.team_id is None:
        conversation.team_id = team_for(conversation, message)
