"""Nothing personal in the handbook: texts with personal data are refused, naming what and
where, so a lead can replace it with a placeholder."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from text.personal_data import find_personal_data

CHECKED_FIELDS = ("title", "answer", "short_answer", "why")


def personal_data_problems(text: str) -> list[str]:
    return sorted({f.kind for f in find_personal_data(text or "")})


def check_entry_texts(entry, questions: list[str] | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for field in CHECKED_FIELDS:
        kinds = personal_data_problems(getattr(entry, field, ""))
        if kinds:
            errors[field] = [f"Contains personal data ({', '.join(kinds)}); "
                             f"replace it with a placeholder such as [{kinds[0]}]."]
    for i, text in enumerate(questions or []):
        kinds = personal_data_problems(text)
        if kinds:
            errors.setdefault("questions", []).append(
                f"Question {i + 1} contains personal data ({', '.join(kinds)}).")
    if errors:
        raise ValidationError(errors)
