"""One customer message turned into drafts, and what the agent did with them.

Only redacted text is stored, and only for the retention period (settings.SVAR_RETENTION_DAYS);
the purge keeps the row for statistics and clears the text and the customer's handle."""

from django.conf import settings
from django.db import models
from django.utils import timezone

CHANNELS = [
    ("facebook_comment", "Facebook comment"),
    ("facebook_message", "Facebook Messenger"),
    ("instagram_comment", "Instagram comment"),
    ("instagram_dm", "Instagram direct message"),
    ("x_reply", "X reply"),
    ("x_dm", "X direct message"),
    ("email", "E-mail"),
    ("chat", "Chat"),
]


class Suggestion(models.Model):
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="svar_suggestions")
    channel = models.CharField(max_length=30, choices=CHANNELS)
    public = models.BooleanField()
    customer_name = models.CharField(max_length=200, blank=True,
                                     help_text="Display name or handle (for erasure requests).")
    text = models.TextField(help_text="The customer's message, redacted.")
    language = models.CharField(max_length=2)
    tone = models.CharField(max_length=10, default="neutral")
    analysis = models.JSONField(default=dict)
    abstained = models.BooleanField(default=False)
    confidence = models.FloatField(default=0.0)
    drafts = models.JSONField(default=list)
    nearest = models.JSONField(default=list, help_text="Nearest entries when abstaining.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Suggestion {self.pk} ({self.channel}, {self.language})"


class Feedback(models.Model):
    """What the agent did with a suggestion: one outcome per suggestion; a later click
    changes it (and the entry's usage counters move with it)."""

    class Action(models.TextChoices):
        SENT = "sent", "Sent as is"
        SENT_EDITED = "sent_edited", "Sent edited"
        REJECTED = "rejected", "Rejected"

    class Reason(models.TextChoices):
        WRONG_ENTRY = "wrong_entry", "Wrong answer for this message"
        OUTDATED = "outdated", "The answer is out of date"
        TONE = "tone", "Wrong tone"
        TOO_LONG = "too_long", "Too long"
        LANGUAGE = "language", "Wrong language"
        OTHER = "other", "Something else"

    suggestion = models.ForeignKey(Suggestion, on_delete=models.CASCADE,
                                   related_name="feedback")
    agent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                              related_name="+")
    action = models.CharField(max_length=12, choices=Action.choices)
    draft_index = models.PositiveSmallIntegerField(null=True, blank=True)
    entry_id_used = models.BigIntegerField(null=True, blank=True)
    entry_version = models.PositiveIntegerField(null=True, blank=True)
    final_text = models.TextField(blank=True, help_text="What was sent, redacted.")
    reason_code = models.CharField(max_length=20, choices=Reason.choices, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["suggestion"],
                                               name="suggest_one_feedback_per_suggestion")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} for suggestion {self.suggestion_id}"
