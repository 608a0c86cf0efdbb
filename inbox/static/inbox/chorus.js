// The public post page: "Copy the post" puts the (edited) text on the clipboard.
(function () {
  "use strict";
  const button = document.getElementById("copy-post");
  if (!button) return;
  const status = document.getElementById("copy-status");
  button.addEventListener("click", async function () {
    const text = document.getElementById(button.dataset.target).value;
    try {
      await navigator.clipboard.writeText(text);
      status.textContent = "Copied: paste it on the page or profile.";
    } catch (err) {
      document.getElementById(button.dataset.target).select();
      status.textContent = "Select all and copy (Ctrl+C): the browser did not allow copying.";
    }
  });
})();
