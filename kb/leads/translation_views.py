"""Lead pages for decisions in several languages: every decision with its languages side by
side (missing and outdated marked), and a translation made from one of them with the source
beside the form. Thin: the work is in kb.translations."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kb import translations
from kb.decision_activity import decision_activity
from kb.leads.views import _error_text, _int_param, lead_required
from kb.loop.health import DEFAULT_DAYS
from kb.models import Entry, Language


@lead_required
def decisions(request):
    rows = translations.decisions()
    languages = translations.handbook_languages()
    only_gaps = request.GET.get("gaps") == "1"
    if only_gaps:
        rows = [d for d in rows if d.missing or d.outdated]
    return render(request, "kb/leads/decisions.html", {
        "rows": [{"decision": d, "source": _source(d),
                  "cells": [(lang, d.entries.get(lang), lang in d.outdated)
                            for lang in languages]} for d in rows],
        "languages": languages, "only_gaps": only_gaps, "section": "decisions"})


@lead_required
def decision(request, group):
    """One decision: its languages, every version, announcement and use, language marked."""
    days = _int_param(request, "days", DEFAULT_DAYS)
    activity = decision_activity(group, days)
    if activity is None:
        raise Http404("No decision with this key.")
    d = activity.decision
    return render(request, "kb/leads/decision.html", {
        "activity": activity, "decision": d, "source": _source(d),
        "cells": [(lang, d.entries.get(lang), lang in d.outdated)
                  for lang in sorted(set(d.languages) | set(d.missing))],
        "period_choices": [7, 30, 90, 365], "section": "decisions"})


def _source(decision) -> Entry:
    """The entry to translate a missing language from: a published, up-to-date one first."""
    ranked = sorted(decision.entries.values(), key=lambda e: (
        e.status != Entry.Status.PUBLISHED, e.language in decision.outdated, e.pk))
    return ranked[0]


@lead_required
def translate(request, pk):
    source = get_object_or_404(Entry, pk=pk)
    open_languages = translations.translatable_languages(source)
    choices = [(code, name) for code, name in Language.choices if code in open_languages]
    language = (request.POST.get("language") or request.GET.get("to") or "").strip()
    form = {"language": language, "title": request.POST.get("title", ""),
            "answer": request.POST.get("answer", "")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        if language not in {code for code, _ in choices}:
            errors["language"] = "Choose a language this decision has no entry in yet."
        if not form["title"].strip():
            errors["title"] = "Write the title in the new language."
        if not form["answer"].strip():
            errors["answer"] = "Write the answer in the new language."
        if not errors:
            try:
                entry = translations.create_translation(
                    source, language=language, title=form["title"].strip(),
                    answer=form["answer"].strip(), user=request.user)
            except ValidationError as exc:
                field = next(iter(getattr(exc, "error_dict", {})), "answer")
                errors[field if field in form else "answer"] = _error_text(exc)
            else:
                messages.success(request, f"Draft translation into {entry.language} saved; "
                                          "publish it when it is reviewed.")
                return redirect("leads:decisions")
    status = 400 if errors else 200
    return render(request, "kb/leads/translate.html", {
        "source": source, "choices": choices, "form": form, "errors": errors,
        "section": "decisions"}, status=status)


@lead_required
@require_POST
def up_to_date(request, pk):
    entry = get_object_or_404(Entry, pk=pk)
    try:
        translations.mark_up_to_date(entry, user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, f"The {entry.language} translation is marked up to date "
                                  "with its source.")
    return redirect("leads:decision", group=entry.translation_group)
