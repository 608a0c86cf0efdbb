// The inbox page: polls the queue (and a conversation whose drafts are still being
// written) as small HTML fragments, and answers to the keyboard. No inline script (CSP).
(function () {
  "use strict";
  const queue = document.getElementById("queue");
  const POLL_MS = 5000, PANE_MS = 1000;

  function rows() { return Array.from(document.querySelectorAll("#queue-list li.conv")); }
  function current() { return document.querySelector("#queue-list li.conv.focus") ||
                              document.querySelector("#queue-list li.conv.selected"); }

  function focusRow(row) {
    rows().forEach(function (r) { r.classList.remove("focus"); });
    if (row) { row.classList.add("focus"); row.querySelector("a").focus(); }
  }

  function refreshQueue() {
    if (!queue) return;
    const focused = current();
    const keep = focused ? focused.dataset.id : null;
    fetch(queue.dataset.url, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        queue.innerHTML = html;
        if (keep) {
          const again = document.querySelector('#queue-list li.conv[data-id="' + keep + '"]');
          if (again && document.activeElement === document.body) again.classList.add("focus");
        }
      }).catch(function () {});
  }

  function refreshPane() {
    const pane = document.getElementById("conversation");
    if (!pane || pane.dataset.ready === "1") return;
    fetch(pane.dataset.pane, {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html !== null) { document.getElementById("pane").innerHTML = html; }
        setTimeout(refreshPane, PANE_MS);
      }).catch(function () { setTimeout(refreshPane, PANE_MS); });
  }

  function typing(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" || el.tagName === "SELECT");
  }

  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && e.target.tagName === "TEXTAREA") {
      const form = e.target.form;
      if (form) { e.preventDefault(); form.requestSubmit(form.querySelector("button[type=submit]")); }
      return;
    }
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const list = rows();
    const at = list.indexOf(current());
    const click = function (id) { const b = document.getElementById(id); if (b) { e.preventDefault(); b.click(); } };
    if (e.key === "j") { e.preventDefault(); focusRow(list[Math.min(list.length - 1, at + 1)] || list[0]); }
    else if (e.key === "k") { e.preventDefault(); focusRow(list[Math.max(0, at - 1)] || list[0]); }
    else if (e.key === "Enter" && current()) { e.preventDefault(); current().querySelector("a").click(); }
    else if (e.key === "t") { click("take"); }
    else if (e.key === "d") { click("done"); }
    else if (e.key === "f") { click("follow-up"); }
    else if (["1", "2", "3"].indexOf(e.key) >= 0) {
      const draft = document.getElementById("draft-" + (Number(e.key) - 1));
      if (draft) { e.preventDefault(); draft.focus(); }
    }
  });

  setInterval(refreshQueue, POLL_MS);
  setTimeout(refreshPane, PANE_MS);
})();
