"""Topic browsing for an empty search box: the most-read public answers per topic."""

from __future__ import annotations

from dataclasses import dataclass

from kb.models import Entry


@dataclass
class TopicGroup:
    slug: str
    name: str
    entries: list[Entry]


def most_read(language: str, *, per_topic: int = 5, limit: int = 300) -> list[TopicGroup]:
    """Topics (in their name for `language`) with their most-read public answers; answers
    with no topic go last under the slug "other" (the caller names it)."""
    entries = (Entry.objects.on_faq().filter(language=language)
               .prefetch_related("topics").order_by("-view_count", "title")[:limit])
    groups: dict[str, TopicGroup] = {}
    other = TopicGroup("other", "", [])
    for entry in entries:
        topics = list(entry.topics.all())
        if not topics:
            if len(other.entries) < per_topic:
                other.entries.append(entry)
            continue
        for topic in topics:
            group = groups.setdefault(topic.slug,
                                      TopicGroup(topic.slug, topic.name_in(language), []))
            if len(group.entries) < per_topic:
                group.entries.append(entry)
    ordered = sorted(groups.values(), key=lambda g: g.name.casefold())
    return ordered + ([other] if other.entries else [])
