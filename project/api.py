"""API-wide error handling: every client mistake is an answer with a message, never a 500.

- 400: the request is not what the schema describes (a type, a length, a missing field);
- 404: it names an object (in the path or the body) that does not exist, or that this user
  may not see;
- 409: it is well formed but the object's state does not allow it (a proposal already
  decided, a draft that is not based on an entry).
Service functions shared with the HTML forms raise Django's ValidationError; its code
"not_found" or "conflict" picks the status."""

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import APIException
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


class NotFoundField(APIException):
    """A 404 naming the field that refers to the missing object: {"entry": ["No …"]}."""

    status_code = status.HTTP_404_NOT_FOUND
    default_code = "not_found"

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


STATUS_BY_CODE = {"not_found": status.HTTP_404_NOT_FOUND, "conflict": status.HTTP_409_CONFLICT}


def _django_status(exc: DjangoValidationError) -> int:
    codes = {error.code for error in exc.error_list} if not hasattr(exc, "error_dict") else {
        error.code for errors in exc.error_dict.values() for error in errors}
    return STATUS_BY_CODE.get(codes.pop(), 400) if len(codes) == 1 else 400


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large."},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=_django_status(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        response.data = friendly(response.data)
    return response
