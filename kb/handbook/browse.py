"""What an agent may read in the handbook, found by search or topic, and the facts shown
with each entry (its why, languages, version and who decided it)."""

from __future__ import annotations

from dataclasses import dataclass

import markdown
from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString, mark_safe

from kb.models import Entry, Topic
from kb.public.render import sanitise_html
from text.languages import LANGUAGE_NAMES

MAX_QUERY_CHARS = 200
MAX_RESULTS = 30


def readable(user) -> QuerySet[Entry]:
    """Published entries the user may read (internal and own team's included)."""
    return (Entry.objects.visible_to(user).published()
            .select_related("team").prefetch_related("topics"))


def topics_for(user) -> list[Topic]:
    """Topics with the number of entries the user may read in each."""
    ids = readable(user).values("pk")
    return list(Topic.objects.annotate(n=Count("entries", filter=Q(entries__in=ids)))
                .filter(n__gt=0).order_by("name"))


def find(user, query: str = "", topic: str = "") -> list[Entry]:
    """Entries matching the query (by meaning, then by the letters typed so far, so half a
    word already finds something) within the topic, best first."""
    entries = readable(user)
    if topic:
        entries = entries.filter(topics__slug=topic)
    query = " ".join(query.split())[:MAX_QUERY_CHARS]
    if not query:
        return list(entries.order_by("title")[:500])
    from kb.search.service import search

    allowed = set(entries.values_list("pk", flat=True))
    ranked = [h.entry.pk for h in search(query, audience="all", user=user, k=MAX_RESULTS).hits
              if h.entry.pk in allowed and h.entry.status == Entry.Status.PUBLISHED]
    words = entries.filter(Q(title__icontains=query) | Q(answer__icontains=query)
                           | Q(why__icontains=query) | Q(questions__text__icontains=query))
    lexical = [pk for pk in words.values_list("pk", flat=True).distinct() if pk not in ranked]
    order = (lexical + ranked) if lexical and _title_match(entries, query) else ranked + lexical
    by_pk = entries.in_bulk(order[:MAX_RESULTS])
    return [by_pk[pk] for pk in dict.fromkeys(order[:MAX_RESULTS]) if pk in by_pk]


def _title_match(entries, query: str) -> bool:
    return entries.filter(title__icontains=query).exists()


def render_markdown(text: str) -> SafeString:
    """The answer as leads wrote it: Markdown rendered, placeholders left visible."""
    html = markdown.markdown(text or "", extensions=["sane_lists", "tables"],
                             output_format="html")
    return mark_safe(sanitise_html(html))  # noqa: S308 — sanitised by nh3


@dataclass
class EntryFacts:
    entry: Entry
    answer_html: SafeString
    languages: list[dict]
    decided_by: str
    decided_at: object
    questions: list[str]


def facts(entry: Entry, user) -> EntryFacts:
    """Everything the entry page shows; translations only where the user may read them."""
    translations = readable(user).filter(translation_group=entry.translation_group)
    languages = [{"code": t.language, "name": LANGUAGE_NAMES.get(t.language, t.language),
                  "pk": t.pk, "current": t.pk == entry.pk}
                 for t in sorted(translations, key=lambda t: t.language)]
    last = entry.versions.select_related("author").first()
    author = last.author if last else entry.updated_by
    decided_by = (author.get_full_name() or author.get_username()) if author else "not recorded"
    return EntryFacts(entry, render_markdown(entry.answer), languages, decided_by,
                      entry.published_at or (last.created_at if last else None),
                      list(entry.questions.filter(status="accepted")
                           .values_list("text", flat=True)))
