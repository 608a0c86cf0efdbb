"""A lead writes the handbook in the browser, without the admin: creates an entry with a
Markdown preview, is refused publishing without a why, publishes, edits (seeing the diff
first) and restores; each time the announcement reaches an agent's open page without a
reload, and the agent dismisses it."""

import pytest
from playwright.sync_api import expect

from kb.models import Announcement, Entry, Topic
from tests.conftest import make_user
from tests.screens import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(browser, live_server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(45000)  # the first page that groups wordings loads the model
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw-" + username)
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def test_lead_creates_publishes_edits_restores_and_the_agent_is_told(browser, live_server,
                                                                     django_user_model,
                                                                     settings):
    settings.SVAR_FEED_POLL_SECONDS = 1
    make_user(django_user_model, "ingrid", "leads", "Ingrid")
    make_user(django_user_model, "ola", "agents", "Ola")
    Topic.objects.create(slug="billing", name="Billing")
    agent = signed_in(browser, live_server, "ola")
    agent.goto(f"{live_server.url}/agent/")
    lead = signed_in(browser, live_server, "ingrid")

    lead.get_by_role("link", name="Leads", exact=True).click()
    lead.get_by_role("link", name="Entries", exact=True).click()
    lead.get_by_role("link", name="New entry").click()
    lead.get_by_label("Title").fill("Grenser for kompensasjon")
    lead.get_by_label("Answer", exact=True).fill(
        "Du kan gi opptil **200 kr** uten å spørre.\n\n- Skriv koden GODVILJE i saken")
    expect(lead.locator("#answer-preview strong")).to_have_text("200 kr")  # live preview
    lead.get_by_label("Audience").select_option("internal")
    lead.get_by_label("Kind").select_option("policy")
    lead.get_by_label("Language").select_option("nb")
    lead.get_by_label("Billing").check()
    lead.get_by_label("Example questions").fill("hvor mye kompensasjon kan jeg gi")
    shot(lead, "lead-entry-new")
    lead.get_by_role("button", name="Publish", exact=True).click()
    lead.wait_for_load_state()
    expect(lead.get_by_role("alert").first).to_contain_text("Write why this was decided")
    assert not Entry.objects.exists()
    shot(lead, "lead-publish-refused-without-why")

    lead.get_by_label("Why").fill("Raske løsninger koster mindre enn lange saker.")
    lead.get_by_role("button", name="Publish", exact=True).click()
    lead.wait_for_load_state()
    expect(lead.locator(".messages")).to_contain_text("Published “Grenser for kompensasjon”")
    entry = Entry.objects.get()
    assert (entry.status, entry.audience, entry.version) == ("published", "internal", 1)
    assert list(entry.topics.values_list("slug", flat=True)) == ["billing"]

    feed = agent.locator("#announcement-list")
    expect(feed).to_contain_text("Nå kan du avgjøre selv: Grenser for kompensasjon")
    shot(agent, "agent-feed-new-decision")

    # Edit: the diff comes before the change goes live.
    lead.get_by_label("Answer", exact=True).fill(
        "Du kan gi opptil **300 kr** uten å spørre.\n\n- Skriv koden GODVILJE i saken")
    lead.get_by_role("button", name="Review the change and publish").click()
    lead.wait_for_load_state()
    expect(lead.locator(".diff-del").first).to_contain_text("200 kr")
    expect(lead.locator(".diff-add").first).to_contain_text("300 kr")
    assert Entry.objects.get().version == 1  # nothing published yet
    shot(lead, "lead-change-diff")
    lead.get_by_role("button", name="Publish this change").click()
    lead.wait_for_load_state()
    assert Entry.objects.get().version == 2
    expect(feed).to_contain_text("Avgjørelse oppdatert: Grenser for kompensasjon")

    # The agent dismisses it in place; it stays read.
    changed = Announcement.objects.get(kind="changed")
    feed.locator(f"li[data-id='{changed.pk}'] button").click()
    expect(feed.locator(f"li[data-id='{changed.pk}']")).to_have_count(0)
    assert changed.read_by.filter(username="ola").exists()

    # Restore version 1 from the history.
    lead.on("dialog", lambda dialog: dialog.accept())
    lead.get_by_role("link", name="History").click()
    lead.wait_for_load_state()
    shot(lead, "lead-history")
    lead.locator("tr.version-row[data-number='1'] button").click()
    lead.wait_for_load_state()
    expect(lead.locator(".messages")).to_contain_text("Restored version 1 as version 3")
    restored = feed.locator("li", has_text="Tidligere versjon gjenopprettet")
    expect(restored).to_have_count(1)
    shot(agent, "agent-feed")

    agent.goto(f"{live_server.url}/announcements/")
    shot(agent, "announcements")
    latest = agent.locator("article.announcement").first
    expect(latest.locator(".diff-add")).to_contain_text("200 kr")
    latest.get_by_role("link", name="Grenser for kompensasjon").click()
    agent.wait_for_load_state()
    expect(agent.locator("#entry-answer strong")).to_have_text("200 kr")
    expect(agent.locator("#entry-version")).to_have_text("3")
    lead.goto(f"{live_server.url}/leads/entries/")
    shot(lead, "lead-entries")
    agent.context.close()
    lead.context.close()
