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
from rest_framework.exceptions import APIException, ValidationError
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


# Error codes that mean "names a missing object" or "conflicts with the object's state"
# (DRF's relational fields and unique validators, and the services' own codes).
NOT_FOUND_CODES = {"not_found", "does_not_exist"}
CONFLICT_CODES = {"conflict", "unique"}


def _leaves(codes):
    if isinstance(codes, dict):
        for value in codes.values():
            yield from _leaves(value)
    elif isinstance(codes, list):
        for value in codes:
            yield from _leaves(value)
    else:
        yield codes


def status_for_codes(codes) -> int:
    """400 unless every error is a missing object (404) or a state conflict (409)."""
    found = set(_leaves(codes))
    if not found or not found <= NOT_FOUND_CODES | CONFLICT_CODES:
        return status.HTTP_400_BAD_REQUEST
    return status.HTTP_404_NOT_FOUND if found & NOT_FOUND_CODES else status.HTTP_409_CONFLICT


def _django_status(exc: DjangoValidationError) -> int:
    if hasattr(exc, "error_dict"):
        return status_for_codes({field: [e.code for e in errors]
                                 for field, errors in exc.error_dict.items()})
    return status_for_codes([e.code for e in exc.error_list])


def exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large."},
                        status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        return Response(detail, status=_django_status(exc))
    response = drf_exception_handler(exc, context)
    if response is not None and response.status_code == status.HTTP_400_BAD_REQUEST:
        if isinstance(exc, ValidationError):
            response.status_code = status_for_codes(exc.get_codes())
        response.data = friendly(response.data)
    return response
