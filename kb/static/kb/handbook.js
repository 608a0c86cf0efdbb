// The handbook: results follow the search box as the agent types (no reload).
(function () {
  "use strict";
  const form = document.getElementById("handbook-search");
  const results = document.getElementById("handbook-results");
  if (!form || !results) return;
  const input = form.querySelector("input[name=q]");
  let timer = null;
  let seq = 0;

  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    const mine = ++seq;
    const response = await fetch(form.action + "?" + params + "&partial=1",
      {credentials: "same-origin"});
    if (!response.ok || mine !== seq) return;
    results.innerHTML = await response.text();  // server-rendered, escaped by Django
    history.replaceState(null, "", form.action + "?" + params);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 200);
  });
  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
})();
