/* Public help centre: answers as the customer types, keyboard navigation through the
   results, inline answers and "did this answer your question?" without a page load.
   The page works without this script (server-rendered search and plain form posts). */
(function () {
  "use strict";

  var stringsEl = document.getElementById("help-strings");
  var t = stringsEl ? JSON.parse(stringsEl.textContent) : {};
  var DEBOUNCE_MS = 140;

  function format(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : "";
    });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  /* ---- search page ------------------------------------------------------------------ */
  var root = document.getElementById("help");
  var input = document.getElementById("help-q");
  var results = document.getElementById("help-results");
  if (root && input && results) {
    var api = root.getAttribute("data-api");
    var pageLang = root.getAttribute("data-page-lang");
    var explicitLang = root.getAttribute("data-explicit-lang") || "";
    var status = document.getElementById("help-status");
    var browse = document.getElementById("help-browse");
    var noAnswer = document.getElementById("help-noanswer");
    var contact = document.getElementById("help-contact");
    var select = document.getElementById("help-lang");
    var form = document.getElementById("help-form");
    var names = {};
    Array.prototype.forEach.call(select.options, function (o) { names[o.value] = o.text; });
    var timer = null;
    var seq = 0;
    var controller = null;
    var lastQuery = null;

    var setStatus = function (text) { status.textContent = text; };

    var countText = function (n, language) {
      if (n === 0) { return t.results_none; }
      var counted = n === 1 ? t.results_one : format(t.results_count, { n: n });
      return counted + ". " + format(t.in_language, { language: names[language] || language });
    };

    var renderContact = function (channels) {
      contact.textContent = "";
      (channels || []).forEach(function (c) {
        var li = el("li");
        li.appendChild(el("a", { href: c.url, rel: "noopener" }, c.label));
        contact.appendChild(li);
      });
    };

    var toggleAnswer = function (button, box, url) {
      var open = button.getAttribute("aria-expanded") === "true";
      if (open) {
        box.hidden = true;
        button.setAttribute("aria-expanded", "false");
        button.textContent = t.show_answer;
        return;
      }
      var show = function () {
        box.hidden = false;
        button.setAttribute("aria-expanded", "true");
        button.textContent = t.hide_answer;
      };
      if (box.getAttribute("data-loaded")) { show(); return; }
      fetch(url, { headers: { Accept: "text/html" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) {
          /* The fragment is rendered and sanitised by the server (nh3), same origin. */
          box.innerHTML = html;
          box.setAttribute("data-loaded", "1");
          var more = el("a", { href: url.replace(/answer\/$/, ""), class: "help-read-more" },
                        t.read_more);
          box.appendChild(more);
          show();
        })
        .catch(function () { window.location.href = url.replace(/answer\/$/, ""); });
    };

    var renderResults = function (data) {
      results.textContent = "";
      data.results.forEach(function (r, i) {
        var li = el("li", { class: "help-result" });
        var link = el("a", { class: "help-result-link", href: r.url, lang: r.language }, r.title);
        li.appendChild(link);
        if (r.translated_from) {
          li.appendChild(el("span", { class: "badge" },
                            format(t.translated_from, { language: names[r.language] || r.language })));
        }
        li.appendChild(el("p", { class: "help-snippet", lang: r.language }, r.snippet));
        var boxId = "help-answer-" + i;
        var button = el("button", { type: "button", class: "linkish help-toggle",
                                    "aria-expanded": "false", "aria-controls": boxId },
                        t.show_answer);
        var box = el("div", { id: boxId, class: "help-answer", lang: r.language });
        box.hidden = true;
        button.addEventListener("click", function () { toggleAnswer(button, box, r.url + "answer/"); });
        li.appendChild(button);
        li.appendChild(box);
        results.appendChild(li);
      });
      var empty = !data.query;
      browse.hidden = !empty;
      noAnswer.hidden = empty || data.answered;
      if (!data.answered) { renderContact(data.contact); }
      setStatus(empty ? "" : countText(data.results.length, data.language));
    };

    var updateUrl = function (q) {
      var params = new URLSearchParams(window.location.search);
      if (q) { params.set("q", q); } else { params.delete("q"); }
      var qs = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
    };

    var runSearch = function () {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      updateUrl(q);
      if (!q) {
        renderResults({ query: "", results: [], answered: true, language: pageLang });
        return;
      }
      var mine = ++seq;
      if (controller) { controller.abort(); }
      controller = window.AbortController ? new AbortController() : null;
      var params = new URLSearchParams({ q: q, hint: pageLang });
      if (explicitLang) { params.set("lang", explicitLang); }
      root.setAttribute("aria-busy", "true");
      fetch(api + "?" + params.toString(), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined
      })
        .then(function (r) {
          if (r.status === 429) { throw new Error("throttled"); }
          if (!r.ok) { throw new Error("failed"); }
          return r.json();
        })
        .then(function (data) { if (mine === seq) { renderResults(data); } })
        .catch(function (err) {
          if (err && err.name === "AbortError") { return; }
          if (mine === seq) {
            lastQuery = null;
            setStatus(err && err.message === "throttled" ? t.throttled : t.error);
          }
        })
        .finally(function () { if (mine === seq) { root.removeAttribute("aria-busy"); } });
    };

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(runSearch, DEBOUNCE_MS);
    });

    form.addEventListener("submit", function (event) {
      /* Enter in the box searches at once; the language select still reloads the page. */
      if (document.activeElement === input) {
        event.preventDefault();
        window.clearTimeout(timer);
        lastQuery = null;
        runSearch();
      }
    });

    select.addEventListener("change", function () {
      /* Switching language reloads the page in that language, keeping the query. */
      var params = new URLSearchParams();
      params.set("lang", select.value);
      if (input.value.trim()) { params.set("q", input.value.trim()); }
      window.location.href = window.location.pathname + "?" + params.toString();
    });

    /* Keyboard: Down from the box enters the results, Up/Down move, Esc goes back. */
    var links = function () { return Array.prototype.slice.call(results.querySelectorAll(".help-result-link")); };
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var all = links();
        if (all.length) { event.preventDefault(); all[0].focus(); }
      }
    });
    results.addEventListener("keydown", function (event) {
      var all = links();
      var i = all.indexOf(document.activeElement);
      if (event.key === "Escape") { event.preventDefault(); input.focus(); return; }
      if (i < 0) { return; }
      if (event.key === "ArrowDown" && i < all.length - 1) { event.preventDefault(); all[i + 1].focus(); }
      if (event.key === "ArrowUp") { event.preventDefault(); if (i === 0) { input.focus(); } else { all[i - 1].focus(); } }
    });

    /* A query in the URL was rendered by the server; render it again with inline answers. */
    if (input.value.trim()) { runSearch(); }
  }

  /* ---- entry page: vote without leaving the page ------------------------------------ */
  var voteForm = document.getElementById("vote-form");
  if (voteForm) {
    var voteStatus = document.getElementById("vote-status");
    var buttons = voteForm.querySelectorAll("button[name=helpful]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        var body = new FormData(voteForm);
        body.set("helpful", button.value);
        fetch(voteForm.action, {
          method: "POST",
          body: body,
          credentials: "same-origin",
          headers: { Accept: "application/json",
                     "X-CSRFToken": voteForm.querySelector("[name=csrfmiddlewaretoken]").value }
        })
          .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
          .then(function (data) {
            Array.prototype.forEach.call(buttons, function (b) {
              b.setAttribute("aria-pressed", String(b === button));
            });
            voteStatus.textContent = data.message || t.thanks;
          })
          .catch(function () {
            if (voteForm.requestSubmit) { voteForm.requestSubmit(button); } else { voteForm.submit(); }
          });
      });
    });
  }
})();
