"""The handbook: decided answers with their why, versions, wordings, and the index state."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from kb.personal_data_guard import personal_data_problems
from kb.roles import is_agent, is_lead
from text.languages import CHOICES

#: The handbook's languages, from the one registry (text.languages).
Language = models.TextChoices("Language", [(code.upper(), (code, name)) for code, name in CHOICES])


class Team(models.Model):
    """Who answers what (customer care, marketing). Internal entries of a team with
    members are visible only to those members and leads."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True,
                                     related_name="svar_teams")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    names = models.JSONField(default=dict, blank=True, help_text="Name per language code.")

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    def name_in(self, language: str) -> str:
        return self.names.get(language) or self.name


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Entry.Status.PUBLISHED)

    def public(self):
        return self.published().filter(audience=Entry.Audience.PUBLIC)

    def on_faq(self):
        """What the public FAQ shows: public answers, not the agents' canned snippets
        (a welcome message, an out-of-hours reply), which may be sent but are no answer."""
        return self.public().exclude(kind=Entry.Kind.SNIPPET)

    def visible_to(self, user):
        """What a user may read: leads everything; agents all published entries except
        internal ones owned by a team they are not in; anonymous only public ones."""
        if is_lead(user):
            return self
        if is_agent(user):
            # Subqueries, not a join through the members table: a join needs DISTINCT over
            # whole entry rows, which cost ~5 ms of every search.
            teams_with_members = Team.objects.filter(members__isnull=False).values("pk")
            my_teams = Team.objects.filter(members=user).values("pk")
            return self.published().exclude(
                models.Q(audience=Entry.Audience.INTERNAL)
                & models.Q(team__in=teams_with_members)
                & ~models.Q(team__in=my_teams)
            )
        return self.public()


#: Longest texts an entry takes, wherever it is written (API, lead pages, proposals): a
#: longer answer is no answer, and each save scans and embeds all of it.
TEXT_LIMITS = {"title": 300, "answer": 20000, "short_answer": 280, "why": 5000}


class Entry(models.Model):
    class Kind(models.TextChoices):
        POLICY = "policy", "Policy"
        FAQ = "faq", "FAQ answer"
        SNIPPET = "snippet", "Snippet"

    class Audience(models.TextChoices):
        PUBLIC = "public", "Public"
        INTERNAL = "internal", "Internal"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    external_key = models.CharField(max_length=200, unique=True, null=True, blank=True,
                                    help_text="Stable id from an import; re-imports update.")
    translation_group = models.CharField(
        max_length=200, blank=True, db_index=True,
        help_text="Entries with the same group are translations of one decision.")
    translated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The entry (same decision, another language) this one was translated from.")
    translated_from_version = models.PositiveIntegerField(
        null=True, blank=True,
        help_text="The source entry's version when this translation was made: a newer "
                  "source version makes this translation outdated.")
    slug = models.SlugField(max_length=200)
    title = models.CharField(max_length=300)
    answer = models.TextField(help_text="Markdown; placeholders {customer_first_name}, "
                                        "{agent_first_name}, {brand}.")
    short_answer = models.CharField(max_length=280, blank=True,
                                    help_text="One or two sentences for tight channels (X).")
    why = models.TextField(blank=True, help_text="Why this was decided (agents only).")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FAQ)
    audience = models.CharField(max_length=10, choices=Audience.choices,
                                default=Audience.PUBLIC)
    language = models.CharField(max_length=2, choices=Language.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="entries")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="entries")
    version = models.PositiveIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    review_by = models.DateField(null=True, blank=True,
                                 help_text="When a lead should check the decision again.")
    view_count = models.PositiveIntegerField(default=0)

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["language", "title"]
        verbose_name_plural = "entries"
        constraints = [
            models.UniqueConstraint(fields=["language", "slug"], name="kb_entry_language_slug"),
        ]
        permissions = [("publish_entry", "Can publish, retire and restore entries")]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def save(self, *args, **kwargs):
        # No key is NULL, never "": NULLs may repeat under the unique constraint, "" not (and
        # DRF skips its uniqueness check for a blank value: a PUT with "" was a 500).
        self.external_key = (self.external_key or "").strip() or None
        taken = Entry.objects.filter(language=self.language, slug=self.slug).exclude(pk=self.pk)
        if not self.slug or taken.exists():  # e.g. moved to a language where the slug is used
            self.slug = unique_slug(self)
        if not self.translation_group:
            self.translation_group = uuid.uuid4().hex
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (self.status == self.Status.PUBLISHED
                and self.audience == self.Audience.PUBLIC)

    def translations(self):
        return Entry.objects.filter(translation_group=self.translation_group).exclude(pk=self.pk)

    def texts(self) -> list[tuple[str, str]]:
        """(field, text) pairs the search index holds for this entry."""
        pairs = [("title", self.title), ("answer", self.answer)]
        pairs += [("question", q.text) for q in self.questions.all()
                  if q.status == ExampleQuestion.Status.ACCEPTED]
        return [(field, text) for field, text in pairs if text and text.strip()]


def unique_slug(entry: Entry) -> str:
    base = slugify(entry.title)[:180] or "entry"
    slug, n = base, 2
    while Entry.objects.filter(language=entry.language, slug=slug).exclude(pk=entry.pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class ExampleQuestion(models.Model):
    """Another wording customers use for an entry. Harvested wordings wait as suggestions
    until a lead accepts them; only accepted ones are indexed."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        SUGGESTED = "suggested", "Suggested"
        DISCARDED = "discarded", "Discarded"

    class Source(models.TextChoices):
        LEAD = "lead", "Written by a lead"
        IMPORT = "import", "Imported"
        HARVEST = "harvest", "Harvested from a sent draft"
        QUESTION = "question", "From an open question"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACCEPTED,
                              db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.LEAD)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text

    def clean(self):
        kinds = personal_data_problems(self.text)
        if kinds:
            raise ValidationError({"text": f"Contains personal data ({', '.join(kinds)}); "
                                           f"replace it with [{kinds[0]}]."})


class EntryVersion(models.Model):
    """A full snapshot of an entry after each change: view, diff and restore any version."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    data = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["entry", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "number"], name="kb_version_entry_number"),
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.number}"


class Embedding(models.Model):
    """An embedding cached by model and text hash, so rebuilds encode only changed texts."""

    model_name = models.CharField(max_length=200)
    text_hash = models.CharField(max_length=64)
    dim = models.PositiveIntegerField()
    vector = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model_name", "text_hash"],
                                    name="kb_embedding_model_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.model_name} {self.text_hash[:12]}"


class IndexState(models.Model):
    """One row. Every web process compares its loaded generation with this one."""

    generation = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"index generation {self.generation}"

    @classmethod
    def current_generation(cls) -> int:
        row = cls.objects.filter(pk=1).values_list("generation", flat=True).first()
        return row or 0

    @classmethod
    def bump(cls) -> int:
        cls.objects.get_or_create(pk=1)
        cls.objects.filter(pk=1).update(generation=models.F("generation") + 1)
        return cls.current_generation()


class ReindexRequest(models.Model):
    """An outbox row: entries whose index upkeep is still owed. Written in the same
    transaction as the change, deleted once a re-index has covered it, so a broker that is
    down when the change commits delays the re-index but never loses it."""

    entry_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"re-index of {self.entry_ids}"


def default_language_fallbacks() -> dict:
    """Written Scandinavian is read across the borders; Finnish readers get Swedish (an
    official language of Finland) before English."""
    return {"nn": ["nb"], "nb": ["nn", "da"], "da": ["nb"], "sv": ["nb", "da"], "fi": ["sv"],
            "*": ["en"]}


class BrandVoice(models.Model):
    """How drafts sound: the brand's name, address, emoji policy and sign-offs."""

    class Emoji(models.TextChoices):
        NONE = "none", "No emoji"
        SPARING = "sparing", "One at most, never in apologies"

    brand = models.CharField(max_length=100, default="Svar")
    formal = models.BooleanField(default=False)
    emoji = models.CharField(max_length=10, choices=Emoji.choices, default=Emoji.NONE)
    signoffs = models.JSONField(default=dict, blank=True,
                                help_text='Per language, e.g. {"nb": "Hilsen {agent_first_name}"}')
    contact_channels = models.JSONField(default=list, blank=True,
                                        help_text='[{"label": {"en": "Chat"}, "url": "https://…"}]')
    home_language = models.CharField(
        max_length=2, choices=Language.choices, blank=True,
        help_text="The brand's own language: a one- or two-word message that reads as well in "
                  "it as in a neighbour (\"pris?\") is answered in it.")
    language_fallbacks = models.JSONField(
        default=default_language_fallbacks, blank=True,
        help_text='When a decision has no entry in the customer\'s language: which languages '
                  'to draft in instead, in order, per language and "*" for all, e.g. '
                  '{"nn": ["nb"], "da": ["nb"], "*": ["en"]}; "ask" instead of a list means '
                  'no draft, ask the leads for a translation.')

    def __str__(self) -> str:
        return f"Voice of {self.brand}"

    @classmethod
    def current(cls) -> BrandVoice:
        return cls.objects.order_by("pk").first() or cls()


class AuditEvent(models.Model):
    """Who did what to the handbook or to customer data. Never holds personal data."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=50, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=100, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


# --- The handbook loop: questions to leads, proposals, announcements, usage ---------------


class OpenQuestion(models.Model):
    """An agent's "ask a lead": a customer's (redacted) wording nobody has decided yet."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"
        DISMISSED = "dismissed", "Dismissed"

    text = models.TextField(help_text="The customer's wording, redacted.")
    language = models.CharField(max_length=2, choices=Language.choices)
    channel = models.CharField(max_length=30, blank=True)
    note = models.TextField(blank=True, help_text="The agent's note to the lead.")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="svar_questions")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    answer_entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="answered_questions")
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    suggestion_ref = models.CharField(max_length=64, blank=True,
                                      help_text="Id of the suggestion it came from, if any.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]


class Proposal(models.Model):
    """An agent's proposed new entry or change; a lead approves, edits, or rejects it."""

    class Kind(models.TextChoices):
        NEW = "new", "New entry"
        CHANGE = "change", "Change to an entry"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="proposals")
    data = models.JSONField(help_text="Proposed fields: title, answer, short_answer, why, "
                                      "language, audience, questions.")
    note = models.TextField(blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="svar_proposals")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN,
                              db_index=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why it was rejected or edited.")
    suggestion_ref = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.data.get('title', '')[:60]}"


class Announcement(models.Model):
    """A feed item for the agents a decision concerns, whenever it is published, changed or
    restored: what changed (the answer's diff, the new why) and a link to the entry."""

    class Kind(models.TextChoices):
        NEW = "new", "New decision"
        CHANGED = "changed", "Decision changed"
        RESTORED = "restored", "Earlier version restored"
        HEADS_UP = "heads_up", "Heads-up from a lead"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="announcements")
    version = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.NEW)
    text = models.TextField()
    changes = models.JSONField(default=list, blank=True,
                               help_text="Diff lines of the answer: [[sign, text], …].")
    why = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class Notification(models.Model):
    """A personal message to one agent: your question was answered, your proposal decided."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="svar_notifications")
    text = models.TextField()
    entry = models.ForeignKey(Entry, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class EntryUsage(models.Model):
    """Daily counters of how an entry is used in drafts. Survive the purge of messages."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="usage")
    date = models.DateField(default=timezone.localdate)
    suggested = models.PositiveIntegerField(default=0)
    sent_as_is = models.PositiveIntegerField(default=0)
    sent_edited = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "date"],
                                               name="kb_usage_entry_date")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.date}"


class UnansweredMessage(models.Model):
    """A (redacted) message the handbook could not answer with confidence: the gaps view.
    Purged with other customer messages after the retention period."""

    text = models.TextField()
    language = models.CharField(max_length=2, choices=Language.choices)
    channel = models.CharField(max_length=30, blank=True)
    confidence = models.FloatField()
    abstained = models.BooleanField(default=True)
    suggestion_ref = models.CharField(max_length=64, blank=True, db_index=True)
    answered_at = models.DateTimeField(
        null=True, blank=True, help_text="An agent sent a draft for it: answered after all.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return self.text[:60]


class FaqVote(models.Model):
    """"Did this answer your question?" One vote per visitor per entry; the visitor is an
    opaque keyed hash of a random cookie, never an address or a name."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="votes")
    visitor = models.CharField(max_length=64)
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entry", "visitor"],
                                               name="kb_vote_entry_visitor")]

    def __str__(self) -> str:
        return f"{self.entry_id} {'yes' if self.helpful else 'no'}"
