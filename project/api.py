"""API-wide error handling: every client mistake is a 400 with a message, never a 500."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

# DRF's generic messages name no field ("This field may not be blank."); a person reads
# "Please write the question." These are the nouns for the fields people fill in.
FIELD_NOUNS = {
    "text": "the question", "answer": "the answer", "title": "a title", "why": "the why",
    "note": "a note", "reason": "a reason", "customer_name": "the customer's name",
    "channel": "the channel", "language": "the language", "audience": "the audience",
    "question_ids": "the questions", "message_ids": "the messages", "entry_id": "the entry",
    "wording_ids": "the wordings", "username": "your user name", "password": "your password",
    "kind": "the kind of proposal (new or change)", "data": "the proposed fields",
    "action": "what you did with the drafts", "draft": "the draft",
}
_GENERIC = {"This field may not be blank.", "This field is required.",
            "This field may not be null.", "This list may not be empty."}


def friendly(data):
    """Generic DRF field messages rewritten as a request to the person ("Please write the
    question."); every other message is kept as it is."""
    if not isinstance(data, dict):
        return data
    out = {}
    for field, messages in data.items():
        if isinstance(messages, list) and field not in ("detail", "non_field_errors"):
            noun = FIELD_NOUNS.get(field, field.replace("_", " "))
            verb = "write" if field in ("text", "answer", "title", "why", "note", "reason") \
                else "give"
            out[field] = [f"Please {verb} {noun}." if str(m) in _GENERIC else m
                          for m in messages]
        else:
            out[field] = messages
    return out


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large."},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = friendly(response.data)
    return response
