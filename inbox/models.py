"""Conversations and their messages, as the platforms deliver them.

PostgreSQL is the source of truth. Message text is stored redacted (kb's personal-data
redaction) at intake; the platform's ids are kept so a redelivered webhook is recorded once
and a reply can be threaded back."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from kb.models import Announcement, Team
from suggest.models import CHANNELS, Suggestion


class Conversation(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "New"
        WAITING_ON_US = "waiting_on_us", "Waiting on us"
        WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on customer"
        DONE = "done", "Done"
        FOLLOW_UP = "follow_up", "Follow up"

    # Statuses in which the customer waits for us (the response clock runs).
    WAITING = (Status.NEW, Status.WAITING_ON_US, Status.FOLLOW_UP)

    connector = models.CharField(max_length=20, help_text="meta, chatwoot or signed.")
    channel = models.CharField(max_length=30, choices=CHANNELS)
    public = models.BooleanField(help_text="Public comment thread (vs a private message).")
    external_thread_id = models.CharField(
        max_length=255, help_text="The platform's thread: the post, the PSID, the conversation.")
    account_id = models.CharField(max_length=100, blank=True,
                                  help_text="Page, Instagram account or Chatwoot account.")
    customer_handle = models.CharField(max_length=255, blank=True,
                                       help_text="The platform's id for the customer.")
    customer_name = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=300, blank=True,
                               help_text="E-mail: the first message's subject (redacted).")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW,
                              db_index=True)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="svar_conversations")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="conversations")
    flagged = models.BooleanField(default=False, help_text="Abusive or trolling (moderation).")
    created_at = models.DateTimeField(default=timezone.now)
    last_customer_message_at = models.DateTimeField(null=True, blank=True)
    waiting_since = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text="The first customer message not answered yet; null when nobody waits.")
    first_response_at = models.DateTimeField(null=True, blank=True)
    last_response_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["channel", "account_id", "external_thread_id"], name="inbox_one_thread")]
        indexes = [models.Index(fields=["status", "waiting_since"], name="inbox_queue")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.customer_name or self.customer_handle}"


class Message(models.Model):
    class Direction(models.TextChoices):
        IN = "in", "From the customer"
        OUT = "out", "From us"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="messages")
    channel = models.CharField(max_length=30, choices=CHANNELS)
    direction = models.CharField(max_length=3, choices=Direction.choices)
    external_id = models.CharField(max_length=255, help_text="The platform's message id.")
    text = models.TextField(help_text="Redacted.")
    author_handle = models.CharField(max_length=255, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    sent_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(default=timezone.now)
    suggestion = models.OneToOneField(Suggestion, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="inbox_message")
    suggested_at = models.DateTimeField(null=True, blank=True)
    entry_id = models.BigIntegerField(null=True, blank=True,
                                      help_text="The decision the best draft cites.")
    flagged = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["sent_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"],
                                               name="inbox_message_once")]

    def __str__(self) -> str:
        return f"{self.direction} {self.external_id}"


class Delivery(models.Model):
    """One customer message as a webhook received it: recorded by a single INSERT … ON
    CONFLICT DO NOTHING before the webhook answers (so a redelivery is a no-op), turned into
    its conversation's Message by the worker (inbox.tasks.record_delivery), which then
    empties `data`. Until then it is the only copy; resume_pending re-queues it."""

    connector = models.CharField(max_length=20)
    channel = models.CharField(max_length=30, choices=CHANNELS)
    external_id = models.CharField(max_length=255, help_text="The platform's message id.")
    data = models.JSONField(default=dict, help_text="The normalized message, text redacted; "
                            "emptied once recorded.")
    received_at = models.DateTimeField(default=timezone.now)
    message = models.OneToOneField(Message, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="delivery")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"],
                                               name="inbox_delivery_once")]
        indexes = [models.Index(fields=["received_at"], name="inbox_delivery_pending",
                                condition=models.Q(message__isnull=True))]

    def __str__(self) -> str:
        return f"Delivery {self.channel} {self.external_id}"


class Reply(models.Model):
    """One outgoing reply: queued by the agent, delivered by the worker (retried)."""

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    class Kind(models.TextChoices):
        PUBLIC = "public", "Public reply"
        PRIVATE = "private", "Private reply to a comment"
        NOTE = "note", "Private note (Chatwoot)"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE,
                                     related_name="replies")
    in_reply_to = models.ForeignKey(Message, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="replies")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    text = models.TextField(help_text="As sent to the platform (an agent's reviewed draft).")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Reply {self.pk} ({self.state})"


class RoutingRule(models.Model):
    """Which team a new conversation goes to; rules are tried in order, the first wins."""

    class Match(models.TextChoices):
        CHANNEL = "channel", "Channel is"
        DECISION_TEAM = "decision_team", "The matched decision's owning team"
        KEYWORD = "keyword", "Message contains one of the keywords"

    order = models.PositiveSmallIntegerField(default=0)
    match = models.CharField(max_length=20, choices=Match.choices)
    value = models.CharField(max_length=500, blank=True,
                             help_text="The channel, or comma-separated keywords.")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE,
                             help_text="Empty with 'decision team': the decision's own team.")

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_match_display()} {self.value} → {self.team or 'its team'}"


class ChorusAlert(models.Model):
    """One decision (or one group of unanswered messages) drawing many more messages than
    usual, across channels; leads see it on the inbox page."""

    key = models.CharField(max_length=100, help_text="entry:<id> or gap:<words>.")
    label = models.CharField(max_length=300)
    entry_id = models.BigIntegerField(null=True, blank=True)
    channels = models.JSONField(default=dict, help_text="channel -> messages in the window.")
    count = models.PositiveIntegerField(default=0)
    baseline = models.FloatField(default=0.0, help_text="Usual messages per window.")
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    announcement = models.ForeignKey(Announcement, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     help_text="The heads-up a lead wrote from it.")
    posted_at = models.DateTimeField(null=True, blank=True,
                                     help_text="When a lead said the public post is out.")

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return f"Chorus {self.label} ({self.count})"
