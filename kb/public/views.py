"""The public help centre: search as you type, topic browsing, one page per answer, and
"Did this answer your question?". Anonymous; only public, published entries."""

from __future__ import annotations

from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from kb.models import BrandVoice, Entry
from kb.public import browse, feedback, search
from kb.public import render as answer_render
from kb.public.strings import page_language, strings_for
from kb.public.throttling import PublicSearchThrottle
from project.client_address import client_address
from text.languages import LANGUAGE_NAMES, LANGUAGES, valid_language


def _languages() -> list[dict]:
    return [{"code": code, "name": LANGUAGE_NAMES[code]} for code in LANGUAGES]


@require_GET
def help_page(request):
    """The search page. With ?q= it also renders results on the server (works without
    script, and gives a shareable URL); the script then takes over as the customer types."""
    page_lang = page_language(request)
    explicit = valid_language(request.GET.get("lang"))
    raw = request.GET.get("q", "")
    truncated = len(raw) > search.MAX_QUERY_CHARS
    query = search.normalise_query(raw[:search.MAX_QUERY_CHARS])
    t = strings_for(page_lang)
    context = {
        "t": t,
        "brand": BrandVoice.current().brand,
        "page_lang": page_lang,
        "explicit_lang": explicit or "",
        "languages": _languages(),
        "query": query,
        "truncated": truncated,
        "too_long_text": t["too_long"].format(n=search.MAX_QUERY_CHARS),
        "status_text": "",
        "max_chars": search.MAX_QUERY_CHARS,
        "found": None,
        "contact": [],
        "topics": [],
    }
    status = 200
    if query:
        throttle = PublicSearchThrottle()
        if not throttle.allow_request(request, None):
            context["throttled"] = True
            status = 429
        else:
            found = search.public_search(query, explicit=explicit, hint=page_lang)
            context["found"] = found
            context["status_text"] = status_text(t, len(found.results), found.language)
            if not found.answered:
                context["contact"] = search.contact_channels(page_lang)
    else:
        context["topics"] = browse.most_read(page_lang)
    response = render(request, "kb/public/help.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(int(throttle.wait() or 60))
    return response


def status_text(t: dict, count: int, language: str) -> str:
    """What the live region says after a search: the count and the answers' language."""
    if count == 0:
        return t["results_none"]
    counted = t["results_one"] if count == 1 else t["results_count"].format(n=count)
    return f"{counted}. {t['in_language'].format(language=LANGUAGE_NAMES.get(language, language))}"


def _public_entry(language: str, slug: str) -> Entry:
    """The entry at this URL, only if it is public and published: anything else is a 404,
    indistinguishable from a slug that never existed."""
    entry = (Entry.objects.on_faq().filter(language=language, slug=slug)
             .prefetch_related("topics").first())
    if entry is None:
        raise Http404("No such answer.")
    return entry


@require_GET
def entry_page(request, language: str, slug: str):
    entry = _public_entry(language, slug)
    feedback.count_view(entry)
    brand = BrandVoice.current().brand
    answer_html = answer_render.render_answer(entry.answer, brand)
    url = request.build_absolute_uri(request.path)
    translations = [
        {"code": t.language, "name": LANGUAGE_NAMES.get(t.language, t.language),
         "url": search.entry_path(t)}
        for t in Entry.objects.on_faq().filter(translation_group=entry.translation_group)
        .exclude(pk=entry.pk).order_by("language")
    ]
    context = {
        "t": strings_for(entry.language),
        "brand": brand,
        "page_lang": entry.language,
        "entry": entry,
        "answer_html": answer_html,
        "description": answer_render.meta_description(entry, brand),
        "json_ld": answer_render.faq_json_ld(entry, answer_html, url),
        "canonical": url,
        "translations": translations,
        "vote": feedback.current_vote(entry, request.COOKIES.get(feedback.VISITOR_COOKIE)),
        "voted": request.GET.get("voted") == "1",
        "topics": [t.name_in(entry.language) for t in entry.topics.all()],
        "help_url": reverse("public-help") + f"?lang={entry.language}",
    }
    return render(request, "kb/public/entry.html", context)


@require_GET
def entry_fragment(request, language: str, slug: str):
    """Just the sanitised answer, for opening it inline under a search result."""
    entry = _public_entry(language, slug)
    feedback.count_view(entry)
    brand = BrandVoice.current().brand
    return render(request, "kb/public/_answer.html", {
        "answer_html": answer_render.render_answer(entry.answer, brand)})


@require_POST
def vote(request, language: str, slug: str):
    """Record "did this answer your question?" (CSRF-protected). JSON for the page's
    script, a redirect back for a plain form post."""
    entry = _public_entry(language, slug)
    choice = request.POST.get("helpful", "")
    if choice not in {"yes", "no"}:
        if _wants_json(request):
            return JsonResponse({"helpful": ["Answer yes or no."]}, status=400)
        return redirect(search.entry_path(entry))
    token = request.COOKIES.get(feedback.VISITOR_COOKIE)
    address = client_address(request)
    t = strings_for(entry.language)
    if not feedback.may_vote(entry, token, address):
        if _wants_json(request):
            return JsonResponse({"detail": t["thanks"]}, status=429)
        return redirect(search.entry_path(entry) + "?voted=1#feedback")
    new_cookie = not feedback.valid_token(token)
    if new_cookie:
        token = feedback.new_visitor_token()
    feedback.record_vote(entry, token, choice == "yes", address=address)
    if _wants_json(request):
        response = JsonResponse({"helpful": choice == "yes", "message": t["thanks"]})
    else:
        response = redirect(search.entry_path(entry) + "?voted=1#feedback")
    if new_cookie:
        response.set_cookie(feedback.VISITOR_COOKIE, token, max_age=feedback.VISITOR_COOKIE_AGE,
                            httponly=True, samesite="Lax", secure=request.is_secure())
    return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")
