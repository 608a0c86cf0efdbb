// The entry form: the answer's Markdown preview follows the text as the lead types.
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form) return;
  const answer = form.querySelector("textarea[name=answer]");
  const preview = document.getElementById("answer-preview");
  if (!answer || !preview) return;
  let timer = null;
  let seq = 0;

  async function refresh() {
    const body = new URLSearchParams();
    body.set("answer", answer.value);
    const mine = ++seq;
    const response = await fetch(form.dataset.previewUrl, {
      method: "POST", credentials: "same-origin", body: body,
      headers: {"X-CSRFToken": form.querySelector("input[name=csrfmiddlewaretoken]").value},
    });
    if (!response.ok || mine !== seq) return;
    preview.innerHTML = await response.text();  // rendered and sanitised by the server (nh3)
  }

  answer.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  if (answer.value) refresh();
})();
