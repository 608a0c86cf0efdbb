// The agent page's announcements and notifications: dismissed in place, and kept up to
// date without a reload (polled every SVAR_FEED_POLL_SECONDS while the page is visible).
(function () {
  "use strict";
  const feed = document.getElementById("feed");
  if (!feed) return;
  const POLL_MS = Math.max(1, parseFloat(feed.dataset.poll) || 20) * 1000;
  const announcements = document.getElementById("announcement-list");
  const notifications = document.getElementById("notification-list");

  function csrf() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  async function post(url, body) {
    const response = await fetch(url, {method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(body || {})});
    if (!response.ok) throw new Error("Request failed (" + response.status + ")");
  }

  function item(data, kind) {
    const li = document.createElement("li");
    li.dataset.id = data.id;
    const text = data.url ? document.createElement("a") : document.createElement("span");
    if (data.url) text.href = data.url;
    text.textContent = data.text;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small " + (kind === "a" ? "dismiss-announcement" : "dismiss-notification");
    button.textContent = kind === "a" ? "Got it" : "Dismiss";
    li.append(text, " ", button);
    return li;
  }

  function show(list) {
    list.closest("section").hidden = list.children.length === 0;
  }

  async function dismiss(li, kind) {
    const id = li.dataset.id;
    if (kind === "a") await post(feed.dataset.announcements + id + "/read/");
    else await post(feed.dataset.notifications, {ids: [id]});
    const list = li.parentElement;
    li.remove();
    show(list);
  }

  feed.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const li = button.closest("li");
    const kind = li.parentElement === announcements ? "a" : "n";
    event.preventDefault();
    dismiss(li, kind).catch(() => { button.textContent = "Try again"; });
  });

  async function refresh() {
    if (document.hidden) return;
    try {
      const [a, n] = await Promise.all([
        fetch(feed.dataset.announcements, {credentials: "same-origin"}).then((r) => r.json()),
        fetch(feed.dataset.notifications, {credentials: "same-origin"}).then((r) => r.json()),
      ]);
      announcements.replaceChildren(...a.slice(0, 5).map((x) => item(x, "a")));
      notifications.replaceChildren(...n.filter((x) => !x.read).slice(0, 5)
        .map((x) => item(x, "n")));
      show(announcements);
      show(notifications);
    } catch (err) { /* offline for a moment: the next poll tries again */ }
  }

  window.setInterval(refresh, POLL_MS);
  document.addEventListener("visibilitychange", refresh);
  feed.addEventListener("svar:refresh", refresh);
})();
