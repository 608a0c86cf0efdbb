"""What the OpenAPI schema says beyond what drf-spectacular infers, so that a client (and
schemathesis with all its checks) can rely on it:

- every operation documents its error answers (400 with field messages, 401, 403, 404,
  429), as one JSON object, since DRF answers all of them so;
- text inputs say what the API refuses: no NUL character anywhere (PostgreSQL cannot store
  it; project.parsers and project.middleware answer 400), and a required text is not blank
  after trimming;
- a body whose serializer refuses unknown fields (project.strict_fields) says
  `additionalProperties: false`;
- an operation with text query parameters documents 414: gunicorn refuses a request line
  over 4094 bytes before Django sees it, and a long non-ASCII query gets there (each
  character is up to 12 bytes percent-encoded)."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema

from project.strict_fields import RefusesUnknownFields

ERROR_RESPONSES = {
    "400": "Bad input: a message per field (or `detail`).",
    "401": "Not signed in (send `Authorization: Token …`), or, on the token endpoint, a "
           "user name and password that sign nobody in.",
    "403": "Signed in, but this role may not do it.",
    "404": "No such object (named in the path or the body), or not one this user may see.",
    "409": "Well formed, but the object's state does not allow it (e.g. a proposal already "
           "decided).",
    "429": "Too many requests; see `Retry-After`.",
}
PUBLIC_PREFIX = "/api/v1/public/"
NO_NUL = "^[^\\x00]*$"
NOT_BLANK = "^[^\\x00]*[^\\s\\x00][^\\x00]*$"


URI_TOO_LONG = {"description": "URI too long (the request line is over 4094 bytes): send a "
                               "shorter query.",
                "content": {"text/html": {"schema": {"type": "string"}}}}


class StrictAutoSchema(AutoSchema):
    def _map_serializer(self, serializer, direction, bypass_extensions=False):
        schema = super()._map_serializer(serializer, direction, bypass_extensions)
        if direction == "request" and isinstance(serializer, RefusesUnknownFields):
            schema["additionalProperties"] = False
        return schema


def _has_text_query(operation) -> bool:
    return any(p.get("in") == "query" and p.get("schema", {}).get("type") == "string"
               for p in operation.get("parameters", []))


def _constrain_strings(node, *, seen: set) -> None:
    if isinstance(node, list):
        for item in node:
            _constrain_strings(item, seen=seen)
        return
    if not isinstance(node, dict) or id(node) in seen:
        return
    seen.add(id(node))
    if node.get("type") == "string" and not ({"enum", "format", "pattern"} & node.keys()) \
            and not node.get("readOnly"):
        node["pattern"] = NOT_BLANK if node.get("minLength", 0) >= 1 else NO_NUL
    for value in node.values():
        _constrain_strings(value, seen=seen)


def _variant(base: dict, *, overrides: dict, required: list[str]) -> dict:
    properties = {**base["properties"], **overrides}
    return {"type": "object", "properties": properties, "additionalProperties": False,
            "required": sorted(set(base.get("required", [])) | set(required))}


NOT_BLANK_TEXT = {"type": "string", "minLength": 1}  # _constrain_strings adds NOT_BLANK


def _feedback_rules(schemas: dict) -> None:
    """FeedbackSerializer.validate as schema: a sent draft says which draft, an edited one
    the text sent, a rejection a reason code or a reason in words."""
    base = schemas.get("FeedbackRequest")
    if not base:
        return
    draft = {**base["properties"]["draft"], "nullable": False}
    action = {name: {"type": "string", "enum": [name]}
              for name in ("sent", "sent_edited", "rejected")}
    reason_code = base["properties"]["reason_code"]["oneOf"][0]
    schemas["FeedbackRequest"] = {"anyOf": [
        _variant(base, overrides={"action": action["sent"], "draft": draft},
                 required=["draft"]),
        _variant(base, overrides={"action": action["sent_edited"], "draft": draft,
                                  "final_text": {**base["properties"]["final_text"],
                                                 **NOT_BLANK_TEXT}},
                 required=["draft", "final_text"]),
        _variant(base, overrides={"action": action["rejected"], "reason_code": reason_code},
                 required=["reason_code"]),
        _variant(base, overrides={"action": action["rejected"],
                                  "reason": {**base["properties"]["reason"], **NOT_BLANK_TEXT}},
                 required=["reason"]),
    ]}


def _proposal_rules(schemas: dict) -> None:
    """kb.loop.proposals.create_proposal and clean_data as schema: a new entry has a title,
    an answer and a language; a change names its entry and changes at least one field."""
    base, data = schemas.get("ProposalCreateRequest"), schemas.get("ProposalDataRequest")
    if not base or not data:
        return
    fields = data["properties"]
    new_data = _variant(data, overrides={"title": {**fields["title"], **NOT_BLANK_TEXT},
                                         "answer": {**fields["answer"], **NOT_BLANK_TEXT}},
                        required=["title", "answer", "language"])
    one_change = [{"required": [name], "properties": {name: {**fields[name], **NOT_BLANK_TEXT}}}
                  if fields[name].get("type") == "string" else {"required": [name]}
                  for name in fields]
    change_data = {"allOf": [{"$ref": "#/components/schemas/ProposalDataRequest"},
                             {"anyOf": one_change}]}
    entry_id = {**base["properties"]["entry_id"], "nullable": False}
    schemas["ProposalCreateRequest"] = {"oneOf": [
        _variant(base, overrides={"kind": {"type": "string", "enum": ["new"]},
                                  "data": new_data}, required=[]),
        _variant(base, overrides={"kind": {"type": "string", "enum": ["change"]},
                                  "entry_id": entry_id, "data": change_data},
                 required=["entry_id"]),
    ]}


def _request_component(name: str) -> bool:
    return name.endswith("Request")


def postprocess(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = {"type": "object", "additionalProperties": {},
                        "description": "`{\"field\": [\"message\"]}` or `{\"detail\": \"…\"}`."}
    _feedback_rules(schemas)
    _proposal_rules(schemas)
    seen: set = set()
    for name, schema in schemas.items():
        if _request_component(name):
            _constrain_strings(schema, seen=seen)
    for route, path in result.get("paths", {}).items():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            # Public search cleans control characters out of a customer's query itself.
            for parameter in operation.get("parameters", []):
                if not route.startswith(PUBLIC_PREFIX):
                    _constrain_strings(parameter.get("schema"), seen=seen)
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if "$ref" not in media.get("schema", {}):
                    _constrain_strings(media.get("schema"), seen=seen)
            if _has_text_query(operation):
                operation["responses"].setdefault("414", URI_TOO_LONG)
            for code, description in ERROR_RESPONSES.items():
                operation["responses"].setdefault(code, {
                    "description": description,
                    "content": {"application/json": {
                        "schema": {"$ref": "#/components/schemas/Error"}}}})
    return result
