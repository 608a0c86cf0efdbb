"""The public help centre pages: search page, answer pages, feedback votes."""

import json
import re

import pytest
from django.test import Client

from kb.models import BrandVoice, Entry, FaqVote, Topic

SIM_ANSWER = ("Hei {customer_first_name}, du kan bestille nytt SIM-kort gratis i {brand}-appen "
              "under **Mitt abonnement**. Det kommer i posten innen 2–3 virkedager.\n\n"
              "Hilsen {agent_first_name}")
WHY_MARKER = "ZZ-why-marker-only-for-agents"


@pytest.fixture
def handbook(make_entry):
    BrandVoice.objects.create(brand="Nordtele", contact_channels=[
        {"label": {"nb": "Chat med oss", "en": "Chat with us"},
         "url": "https://nordtele.example/chat"},
        {"label": {"nb": "Ring 915 00 000"}, "url": "tel:+4791500000"},
    ])
    mobile = Topic.objects.create(slug="mobil", name="Mobile",
                                  names={"nb": "Mobil", "en": "Mobile"})
    billing = Topic.objects.create(slug="faktura", name="Billing",
                                   names={"nb": "Faktura", "en": "Billing"})
    sim = make_entry("Hvordan bytter jeg SIM-kort?", SIM_ANSWER, language="nb", group="sim",
                     why=WHY_MARKER, short_answer="Bestill nytt SIM-kort gratis i {brand}-appen.",
                     questions=["simkortet er ødelagt", "bestille nytt simkort"])
    sim_en = make_entry("How do I change my SIM card?",
                        "Order a new SIM card for free in the {brand} app.", language="en",
                        group="sim", questions=["my sim card is broken"])
    invoice = make_entry("Når forfaller fakturaen?",
                         "Fakturaen forfaller den 20. hver måned. Du finner den i {brand}-appen.",
                         language="nb", questions=["når må jeg betale regningen"])
    internal = make_entry("Kompensasjon ved nettbrudd (internt)",
                          "Gi 100 kr kreditt per påbegynte døgn.", language="nb",
                          audience="internal", group="sim-internal")
    draft = make_entry("Ny pris på 5G fra mars", "Prisen øker med 20 kr.", language="nb",
                       status="draft")
    retired = make_entry("Nedleggelse av 3G-nettet", "3G stenges i juni.", language="nb",
                         status="retired")
    sim.topics.add(mobile)
    sim_en.topics.add(mobile)
    invoice.topics.add(billing)
    internal.topics.add(mobile)
    return {"sim": sim, "sim_en": sim_en, "invoice": invoice, "internal": internal,
            "draft": draft, "retired": retired}


def page(client, path, **headers):
    response = client.get(path, **headers)
    return response, response.content.decode()


def entry_url(entry):
    return f"/help/{entry.language}/{entry.slug}/"


# --- The search page --------------------------------------------------------------------


def test_help_page_speaks_the_browser_language(client, handbook):
    response, html = page(client, "/help/", HTTP_ACCEPT_LANGUAGE="nb-NO,nb;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert '<html lang="nb">' in html
    assert "Hva kan vi hjelpe deg med?" in html
    assert '<label for="help-q"' in html and 'id="help-q"' in html
    assert 'aria-live="polite"' in html
    _, html_sv = page(client, "/help/?lang=sv", HTTP_ACCEPT_LANGUAGE="nb")
    assert "Vad kan vi hjälpa dig med?" in html_sv
    _, html_no = page(client, "/help/", HTTP_ACCEPT_LANGUAGE="no")
    assert '<html lang="nb">' in html_no
    _, html_default = page(client, "/help/", HTTP_ACCEPT_LANGUAGE="de-DE")
    assert "How can we help?" in html_default


def test_empty_box_browses_most_read_answers_per_topic(client, handbook):
    for _ in range(3):
        client.get(entry_url(handbook["invoice"]))
    client.get(entry_url(handbook["sim"]))
    assert Entry.objects.get(pk=handbook["invoice"].pk).view_count == 3
    _, html = page(client, "/help/?lang=nb")
    assert "Populære emner" in html
    assert "Faktura" in html and "Mobil" in html
    assert handbook["sim"].title in html and handbook["invoice"].title in html
    for hidden in ("internal", "draft", "retired"):
        assert handbook[hidden].title not in html
    assert handbook["sim_en"].title not in html  # browsing stays in the page's language


def test_viewing_does_not_create_versions_or_reindex(client, handbook):
    before = handbook["sim"].versions.count()
    client.get(entry_url(handbook["sim"]))
    entry = Entry.objects.get(pk=handbook["sim"].pk)
    assert entry.view_count == 1 and entry.versions.count() == before


def test_server_rendered_search_works_without_script(client, handbook):
    response, html = page(client, "/help/?q=bestille+nytt+simkort&lang=nb")
    assert response.status_code == 200
    assert handbook["sim"].title in html
    assert 'href="/help/nb/' in html
    assert "{customer_first_name}" not in html and "{brand}" not in html


def test_exact_title_of_hidden_entries_never_shows_on_the_page(client, handbook):
    for key in ("internal", "draft", "retired"):
        title = handbook[key].title
        for lang in ("nb", "en", "sv"):
            _, html = page(client, f"/help/?lang={lang}&q={title}")
            results = html.split('id="help-results"', 1)[1]
            assert title not in results, (key, lang)


def test_no_match_says_so_and_offers_contact_channels(client, handbook):
    _, html = page(client, "/help/?lang=nb&q=kan+jeg+ta+med+hunden+min+i+butikken")
    assert "Fant ikke noe svar — kontakt oss" in html
    assert 'href="https://nordtele.example/chat"' in html and "Chat med oss" in html
    assert 'href="tel:+4791500000"' in html


def test_too_long_query_on_the_page_is_shortened_with_a_message(client, handbook):
    response, html = page(client, "/help/?lang=nb&q=" + "simkort " * 100)
    assert response.status_code == 200
    assert "forkortet til 200 tegn" in html


@pytest.mark.parametrize("q", ["\x00", "<script>alert(1)</script>", "' OR 1=1 --", "📱" * 50,
                               "بطاقة SIM", "\u202eabc", "x" * 10_000])
def test_odd_page_queries_never_fail(client, handbook, q):
    response = client.get("/help/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_page_search_is_rate_limited_too(client, handbook, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                               "DEFAULT_THROTTLE_RATES": {"public_search": "2/min"}}
    assert client.get("/help/", {"q": "simkort"}).status_code == 200
    assert client.get("/api/v1/public/search", {"q": "simkort"}).status_code == 200
    response = client.get("/help/", {"q": "simkort"})
    assert response.status_code == 429
    assert "For mange søk" in response.content.decode() or "Too many" in response.content.decode()
    assert client.get("/help/").status_code == 200  # browsing is not a search


# --- Answer pages -----------------------------------------------------------------------


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_entry_page_has_title_description_and_faq_structured_data(client, handbook):
    sim = handbook["sim"]
    response, html = page(client, entry_url(sim))
    assert response.status_code == 200
    assert f"<title>{sim.title} — Hjelpesenter — Nordtele</title>" in html
    assert '<meta name="description" content="Bestill nytt SIM-kort gratis i Nordtele-appen.">' \
        in html
    assert f'<link rel="canonical" href="http://testserver{entry_url(sim)}">' in html
    data = json_ld(html)
    assert data["@type"] == "FAQPage"
    question = data["mainEntity"][0]
    assert question["@type"] == "Question" and question["name"] == sim.title
    assert "Nordtele-appen" in question["acceptedAnswer"]["text"]
    assert '<html lang="nb">' in html
    assert "Fikk du svar på spørsmålet ditt?" in html


def test_placeholders_are_filled_or_removed_gracefully(client, handbook):
    _, html = page(client, entry_url(handbook["sim"]))
    answer = html.split('class="answer"', 1)[1].split("</div>", 1)[0]
    assert "Hei, du kan bestille" in answer
    assert "Nordtele-appen" in answer
    assert "{" not in answer and "}" not in answer
    assert "<strong>Mitt abonnement</strong>" in answer


def test_placeholder_before_punctuation_leaves_no_stray_comma():
    from kb.public.render import fill_placeholders

    assert fill_placeholders("Så kjipt, {customer_first_name}! Sperr kortet i {brand}-appen.",
                             "Nordtele") == "Så kjipt! Sperr kortet i Nordtele-appen."


def test_a_name_between_commas_leaves_one_comma_and_entities_show_as_text(client, handbook,
                                                                          make_entry):
    thanks = make_entry("Takk for tålmodigheten",
                        "Takk, {customer_first_name}, for at du venta.\n\n"
                        "Pris:&nbsp;99&nbsp;kr i {brand}-appen.", language="nb")
    _, html = page(client, entry_url(thanks))
    answer = html.split('class="answer"', 1)[1].split("</div>", 1)[0]
    assert "Takk, for at du venta." in answer
    assert ",," not in html
    description = re.search(r'<meta name="description" content="([^"]*)"', html).group(1)
    assert description.startswith("Takk, for at du venta. Pris:")
    assert "nbsp" not in description


def test_the_why_is_never_shown(client, handbook):
    _, html = page(client, entry_url(handbook["sim"]))
    assert WHY_MARKER not in html


def test_entry_page_links_only_public_translations(client, handbook):
    _, html = page(client, entry_url(handbook["sim"]))
    assert f'href="{entry_url(handbook["sim_en"])}"' in html
    assert handbook["internal"].slug not in html


@pytest.mark.parametrize("key", ["internal", "draft", "retired"])
def test_hidden_entry_pages_are_404_by_any_slug_or_language(client, handbook, key):
    entry = handbook[key]
    for language in ("nb", "en", "sv", "xx"):
        for suffix in ("", "answer/"):
            response = client.get(f"/help/{language}/{entry.slug}/{suffix}")
            assert response.status_code == 404
            assert entry.title not in response.content.decode()
    assert client.post(f"/help/nb/{entry.slug}/vote/", {"helpful": "yes"}).status_code == 404


def test_public_slug_in_the_wrong_language_is_404(client, handbook):
    assert client.get(f"/help/sv/{handbook['sim'].slug}/").status_code == 404


def test_title_cannot_break_out_of_json_ld(client, make_entry):
    entry = make_entry("Ny ruter </script><script>alert(1)</script>", "Svar & mer <b>fet</b>",
                       language="nb")
    _, html = page(client, entry_url(entry))
    assert "<script>alert(1)</script>" not in html
    assert json_ld(html)["mainEntity"][0]["name"].endswith("</script><script>alert(1)</script>")


def test_dangerous_markup_in_an_answer_is_rendered_harmless(client, make_entry):
    entry = make_entry(
        "Tilbakestille ruteren",
        "Trykk på reset-knappen i 10 sekunder.\n\n<script>alert('x')</script>\n\n"
        "[Se veiledning](javascript:alert(1)) og <a href=\"javascript:alert(2)\">her</a>.\n\n"
        "<img src=x onerror=\"alert(3)\"> <p onclick=\"alert(4)\">Klikk</p>\n\n"
        "[Trygg lenke](https://nordtele.example/ruter)",
        language="nb")
    for path in (entry_url(entry), entry_url(entry) + "answer/"):
        html = client.get(path).content.decode()
        body = html.split('class="answer"', 1)[1]
        assert "<script>alert" not in body
        assert "javascript:" not in body
        assert "onerror" not in body and "onclick" not in body
        assert "Trykk på reset-knappen" in body
        assert 'href="https://nordtele.example/ruter"' in body
        assert 'rel="noopener noreferrer nofollow"' in body


def test_api_snippet_is_plain_text(client, make_entry):
    make_entry("Ruteren blinker rødt",
               "<script>alert(1)</script>Start **ruteren** på nytt. <img src=x onerror=alert(2)>",
               language="nb", questions=["ruteren blinker rødt"])
    body = client.get("/api/v1/public/search", {"q": "ruteren blinker rødt", "lang": "nb"}).json()
    snippet = body["results"][0]["snippet"]
    assert snippet.startswith("Start ruteren på nytt.")
    assert "<" not in snippet and "alert" not in snippet


# --- Feedback votes ---------------------------------------------------------------------


def csrf_client_on(entry):
    client = Client(enforce_csrf_checks=True)
    client.get(entry_url(entry))
    return client, client.cookies["csrftoken"].value


def test_vote_needs_csrf(handbook):
    client = Client(enforce_csrf_checks=True)
    response = client.post(entry_url(handbook["sim"]) + "vote/", {"helpful": "yes"})
    assert response.status_code == 403
    assert FaqVote.objects.count() == 0


def test_one_vote_per_visitor_second_vote_updates(handbook):
    sim = handbook["sim"]
    client, token = csrf_client_on(sim)
    url = entry_url(sim) + "vote/"
    first = client.post(url, {"helpful": "yes", "csrfmiddlewaretoken": token})
    assert first.status_code == 302 and first["Location"].endswith("?voted=1#feedback")
    cookie = client.cookies["svar_visitor"]
    assert cookie["httponly"]
    assert FaqVote.objects.get(entry=sim).helpful is True
    second = client.post(url, {"helpful": "no", "csrfmiddlewaretoken": token})
    assert second.status_code == 302
    votes = FaqVote.objects.filter(entry=sim)
    assert votes.count() == 1 and votes.get().helpful is False
    # The stored visitor is a keyed hash, not the cookie itself.
    assert votes.get().visitor != cookie.value and len(votes.get().visitor) == 64
    html = client.get(entry_url(sim) + "?voted=1").content.decode()
    assert "Takk for tilbakemeldingen!" in html
    html = client.get(entry_url(sim)).content.decode()
    assert "Du svarte at dette ikke hjalp deg." in html


def test_another_visitor_gets_their_own_vote(handbook):
    sim = handbook["sim"]
    for helpful in ("yes", "no"):
        client, token = csrf_client_on(sim)
        client.post(entry_url(sim) + "vote/", {"helpful": helpful, "csrfmiddlewaretoken": token})
    assert sorted(FaqVote.objects.filter(entry=sim).values_list("helpful", flat=True)) == [
        False, True]


def test_fresh_cookies_cannot_stuff_votes(handbook, settings):
    """The audit: 30 fresh cookies cast 30 votes from one address, and entry health counted
    them all. New votes per entry and address are capped; other addresses still vote."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                   "LOCATION": "vote-stuffing"}}
    sim = handbook["sim"]
    url = entry_url(sim) + "vote/"
    codes = []
    for _ in range(30):
        client, token = csrf_client_on(sim)
        codes.append(client.post(url, {"helpful": "no"}, HTTP_X_CSRFTOKEN=token,
                                 HTTP_ACCEPT="application/json").status_code)
    assert FaqVote.objects.filter(entry=sim).count() == settings.SVAR_VOTES_PER_ADDRESS
    assert codes.count(429) == 30 - settings.SVAR_VOTES_PER_ADDRESS
    client, token = csrf_client_on(sim)
    other = client.post(url, {"helpful": "yes"}, HTTP_X_CSRFTOKEN=token,
                        HTTP_ACCEPT="application/json", REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 200
    from kb.loop.health import entry_health

    row = next(r for r in entry_health() if r.entry.pk == sim.pk)
    assert row.helpful_no == settings.SVAR_VOTES_PER_ADDRESS and row.helpful_yes == 1


def test_vote_from_script_gets_json_and_bad_choice_is_400(handbook):
    sim = handbook["sim"]
    client, token = csrf_client_on(sim)
    url = entry_url(sim) + "vote/"
    ok = client.post(url, {"helpful": "yes"}, HTTP_X_CSRFTOKEN=token,
                     HTTP_ACCEPT="application/json")
    assert ok.status_code == 200 and ok.json() == {"helpful": True,
                                                  "message": "Takk for tilbakemeldingen!"}
    bad = client.post(url, {"helpful": "maybe"}, HTTP_X_CSRFTOKEN=token,
                      HTTP_ACCEPT="application/json")
    assert bad.status_code == 400 and "helpful" in bad.json()
    assert FaqVote.objects.filter(entry=sim).count() == 1
