// Chatwoot Dashboard App: ask Chatwoot for the conversation context by postMessage, then
// show Svar's drafts for that conversation (copy one into Chatwoot's reply box).
(function () {
  "use strict";
  const root = document.getElementById("chatwoot-app");
  const status = document.getElementById("cw-status");
  const list = document.getElementById("cw-drafts");

  function show(drafts) {
    list.innerHTML = "";
    if (!drafts.length) { status.textContent = "No decided answer yet."; return; }
    status.textContent = "";
    drafts.forEach(function (d) {
      const li = document.createElement("li");
      const text = document.createElement("textarea");
      text.value = d.text; text.rows = 5; text.readOnly = true;
      const copy = document.createElement("button");
      copy.type = "button"; copy.className = "small"; copy.textContent = "Copy";
      copy.addEventListener("click", function () { navigator.clipboard.writeText(d.text); });
      li.appendChild(text); li.appendChild(copy);
      if (d.entry) { const c = document.createElement("p"); c.className = "hint"; c.textContent = "From: " + d.entry.title; li.appendChild(c); }
      list.appendChild(li);
    });
  }

  function load(conversationId, accountId) {
    const url = root.dataset.api + "?status=all&connector=chatwoot&thread=" +
      encodeURIComponent(conversationId) + "&account=" + encodeURIComponent(accountId);
    fetch(url, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (data) {
        const found = data.results && data.results[0];
        if (!found) { status.textContent = "Svar has not seen this conversation yet."; return; }
        return fetch(root.dataset.api + found.id + "/", {credentials: "same-origin"})
          .then(function (r) { return r.json(); })
          .then(function (detail) {
            if (!detail.drafts_ready) { status.textContent = "Drafts are being written…"; setTimeout(function () { load(conversationId, accountId); }, 1000); return; }
            show(detail.drafts);
          });
      }).catch(function () { status.textContent = "Svar could not be reached."; });
  }

  window.addEventListener("message", function (event) {
    let payload = event.data;
    if (typeof payload === "string") { try { payload = JSON.parse(payload); } catch (e) { return; } }
    if (!payload || payload.event !== "appContext" || !payload.data) return;
    const conversation = payload.data.conversation || {};
    if (conversation.id === undefined) return;
    load(conversation.id, conversation.account_id);
  });
  if (window.parent !== window) { window.parent.postMessage("chatwoot-dashboard-app:fetch-info", "*"); }
})();
