"""The agents' handbook: search as you type, browse by topic, read an entry with its why.
Thin: what an agent may read is decided in kb.handbook.browse."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from kb.handbook import browse
from kb.language import LANGUAGE_NAMES
from kb.leads.views import agent_required
from kb.roles import is_lead


@agent_required
def index(request):
    query = request.GET.get("q", "").strip()[:browse.MAX_QUERY_CHARS]
    topic = request.GET.get("topic", "").strip()[:100]
    context = {"query": query, "topic": topic, "entries": browse.find(request.user, query, topic),
               "topics": browse.topics_for(request.user), "language_names": LANGUAGE_NAMES}
    if request.GET.get("partial"):
        return render(request, "kb/handbook/_results.html", context)
    return render(request, "kb/handbook/index.html", context)


@agent_required
def entry(request, pk):
    item = get_object_or_404(browse.readable(request.user), pk=pk)
    return render(request, "kb/handbook/entry.html", {
        "facts": browse.facts(item, request.user), "entry": item,
        "is_lead": is_lead(request.user)})
