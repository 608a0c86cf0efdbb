"""The one table of the languages Svar speaks: codes, names, the spellings browsers and
channels use for them, their Snowball stemmer and their lingua detector language."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as shown to customers and agents
    snowball: str  # PyStemmer algorithm (nynorsk has none; bokmål's is close enough)
    lingua: str  # lingua.Language member
    aliases: tuple[str, ...] = ()


REGISTRY: tuple[Language, ...] = (
    Language("nb", "Norsk (bokmål)", "norwegian", "BOKMAL", ("no", "nob")),
    Language("nn", "Norsk (nynorsk)", "norwegian", "NYNORSK", ("nno",)),
    Language("sv", "Svenska", "swedish", "SWEDISH", ("swe", "se")),
    Language("da", "Dansk", "danish", "DANISH", ("dan", "dk")),
    Language("fi", "Suomi", "finnish", "FINNISH", ("fin",)),
    Language("en", "English", "english", "ENGLISH", ("eng",)),
)

LANGUAGES: tuple[str, ...] = tuple(language.code for language in REGISTRY)
LANGUAGE_NAMES: dict[str, str] = {language.code: language.name for language in REGISTRY}
#: Choices for model and form fields: (code, name).
CHOICES: tuple[tuple[str, str], ...] = tuple(LANGUAGE_NAMES.items())
#: Close neighbours: a short text rarely tells them apart.
SCANDINAVIAN = frozenset({"nb", "nn", "sv", "da"})
DEFAULT_LANGUAGE = "en"

_BY_SPELLING: dict[str, str] = {
    spelling: language.code
    for language in REGISTRY for spelling in (language.code, *language.aliases)
}
#: Code or alias -> Snowball algorithm name.
SNOWBALL: dict[str, str] = {
    spelling: language.snowball
    for language in REGISTRY for spelling in (language.code, *language.aliases)
    if len(spelling) == 2 and spelling not in ("se", "dk")  # country codes, not languages
}


def normalise_language(code: str | None) -> str | None:
    """Map "nb-NO" -> "nb", "no" -> "nb", "SV" -> "sv"; None for a language we do not speak."""
    primary = (code or "").strip().lower().replace("_", "-").split("-")[0]
    return _BY_SPELLING.get(primary)


def valid_language(code: str | None) -> str | None:
    """The code itself when it is exactly one of ours (for request parameters), else None."""
    code = (code or "").strip().lower()
    return code if code in LANGUAGE_NAMES else None
