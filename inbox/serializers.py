"""Request and response shapes of the inbox API (also the OpenAPI schema)."""

from rest_framework import serializers

from inbox.models import Conversation, Reply
from project import strict_fields as strict
from suggest.models import CHANNELS

# What an agent may send from the inbox (a note is Svar's own, for Chatwoot).
REPLY_KINDS = [(Reply.Kind.PUBLIC.value, "Public reply"),
               (Reply.Kind.PRIVATE.value, "Private reply to a comment")]


class AuthorSerializer(serializers.Serializer):
    handle = strict.CharField(required=False, allow_blank=True, max_length=255)
    name = strict.CharField(required=False, allow_blank=True, max_length=200)


class SignedMessageSerializer(serializers.Serializer):
    """One message of the generic signed webhook (or `{"messages": [...]}`, up to 100).
    Other fields a sender adds are ignored (a webhook sender cannot fix a refusal)."""

    id = strict.CharField(max_length=255, help_text="Your message id; a second delivery "
                          "with the same id and channel is recorded once.")
    thread = strict.CharField(max_length=255, help_text="Your conversation or thread id.")
    channel = strict.ChoiceField(choices=CHANNELS)
    public = strict.BooleanField(default=False)
    text = strict.CharField(max_length=5000)
    author = AuthorSerializer(required=False)
    source = strict.CharField(required=False, max_length=100,
                              help_text="Your inbox or account name (default signed).")
    sent_at = serializers.DateTimeField(required=False)


class WebhookAnswerSerializer(serializers.Serializer):
    received = strict.IntegerField(help_text="Messages in the delivery.")
    new = strict.IntegerField(help_text="Of those, not seen before.")


class SendSerializer(strict.Serializer):
    text = strict.CharField(max_length=5000, trim_whitespace=True)
    draft = strict.IntegerField(required=False, allow_null=True, min_value=0,
                                help_text="Index of the draft sent (as is or edited).")
    kind = strict.ChoiceField(choices=REPLY_KINDS, default=Reply.Kind.PUBLIC)


class AssignSerializer(strict.Serializer):
    assignee = strict.IntegerField(required=False, allow_null=True)
    team = strict.CharField(required=False, allow_blank=True, allow_null=True)


class StatusSerializer(strict.Serializer):
    status = strict.ChoiceField(choices=Conversation.Status.choices)
