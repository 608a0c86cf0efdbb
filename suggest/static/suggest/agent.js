// The agent page: suggest, edit, copy, send, reject, ask a lead. No page reloads.
(function () {
  "use strict";
  const form = document.getElementById("suggest-form");
  if (!form) return;
  const results = document.getElementById("results");
  const errorBox = document.getElementById("form-error");
  const channel = document.getElementById("channel");
  const publicBox = document.getElementById("public");
  const FRAMINGS = {
    "full": "Full answer", "short": "Short", "alternative-entry": "Other entry",
    "private-first": "Move to private", "moderation": "Moderation", "clarify": "Ask for details",
    "follow-up": "Short, with an open door",
  };
  const namesNode = document.getElementById("language-names");
  const LANGUAGE_NAMES = namesNode ? JSON.parse(namesNode.textContent) : {};
  const REASONS = {
    "personal-data": "personal data in a public message",
    "escalating": "the customer is escalating", "upset-customer": "the customer is upset",
  };
  const WARNINGS = {
    "over-length": "Over the channel's length limit", "low-confidence": "Low confidence",
    "contains-personal-data": "Personal data was removed", "translated-entry":
      "The entry is not in the customer's language", "unfilled-placeholder": "Check placeholders",
    "picked-by-agent": "From the entry you picked",
  };

  function warningText(code) {
    if (code.startsWith("fallback-language")) {
      return "In another language: the decision has no translation in the customer's language";
    }
    return WARNINGS[code] || code;
  }

  // The detector's confidence, in words an agent acts on.
  function certainty(confidence) {
    if (confidence >= 0.9) return "sure";
    if (confidence >= 0.6) return "fairly sure";
    return "unsure, check it";
  }

  function csrf() {
    const input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (v !== null && v !== undefined && v !== false) node.setAttribute(k, v);
    });
    children.flat().forEach((c) => c && node.append(c));
    return node;
  }

  async function api(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf()},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) {
      const messages = Object.entries(data).map(([k, v]) => [].concat(v).join(" "));
      throw new Error(messages.join(" ") || ("Request failed (" + response.status + ")"));
    }
    return data;
  }

  function languageName(code) {  // names, not codes
    return LANGUAGE_NAMES[code] || code;
  }

  function currentLimit() {
    const option = channel.options[channel.selectedIndex];
    return option && option.dataset.limit ? parseInt(option.dataset.limit, 10) : null;
  }

  channel.addEventListener("change", () => {
    publicBox.checked = channel.options[channel.selectedIndex].dataset.public === "1";
  });

  form.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    errorBox.hidden = true;
    const body = {
      text: form.text.value, customer_name: form.customer_name.value,
      channel: channel.value, public: publicBox.checked,
    };
    if (form.language.value) body.language = form.language.value;
    const history = form.history.value.split("\n").map((t) => t.trim()).filter(Boolean);
    if (history.length) body.history = history.slice(-20);
    results.setAttribute("aria-busy", "true");
    const button = document.getElementById("suggest-button");
    button.disabled = true;
    try {
      render(await api("/api/v1/suggestions/", body));
    } catch (err) {
      errorBox.textContent = err.message;
      errorBox.hidden = false;
    } finally {
      button.disabled = false;
      results.setAttribute("aria-busy", "false");
    }
  });

  function analysisPanel(result) {
    const a = result.analysis;
    const kinds = [...new Set(a.personal_data.map((p) => p.kind))];
    const items = [
      el("li", {id: "detected-language", text: "Language: " +
        (LANGUAGE_NAMES[result.language] || result.language) + " (" +
        certainty(a.language_confidence) + ")"}),
      el("li", {text: "Tone: " + a.tone + (a.escalating ? " (escalating)" : "")}),
      el("li", {text: "Personal data: " + (kinds.length ? kinds.join(", ") : "none found")}),
    ];
    if (a.move_private) {
      items.push(el("li", {class: "warn", text: "Move to a private channel: " +
        a.move_private_reasons.map((r) => REASONS[r] || r).join(", ") +
        (kinds.length && publicBox.checked ? ". Hide the public comment first." : "")}));
    }
    return el("section", {class: "analysis", "aria-label": "Analysis"},
      el("h2", {text: "What the message says"}), el("ul", {}, items));
  }

  function render(result) {
    results.replaceChildren(analysisPanel(result));
    if (result.translation_missing) {
      results.append(el("p", {class: "warn", role: "status", text: result.message}));
    }
    if (result.guidance && result.guidance.length) {
      results.append(el("section", {class: "guidance"},
        el("h2", {text: "Internal guidance"}),
        el("ul", {}, result.guidance.map((g) =>
          el("li", {}, el("a", {href: g.url, class: "guidance-title"}, el("strong", {text: g.title})),
            el("p", {class: "rule"}, el("em", {text: "Rule: "}), g.rule || g.answer || "—"),
            g.why ? el("p", {class: "why"}, el("em", {text: "Why: "}), g.why) : null)))));
    }
    if (result.abstained && result.nearest && result.nearest.length) {
      results.append(abstainPanel(result));
      if (!result.drafts.length) return;
    } else if (!result.drafts.length) {
      results.append(abstainPanel(result));
      return;
    }
    showDrafts(result);
  }

  function showDrafts(result) {
    results.querySelectorAll(".drafts").forEach((node) => node.remove());
    const list = el("div", {class: "drafts"});
    result.drafts.forEach((draft, i) => list.append(draftCard(result, draft, i)));
    results.append(list);
    const first = list.querySelector("textarea");
    if (first) {
      first.focus();
      first.setSelectionRange(0, 0);  // start of the draft in view, not its end
      first.scrollTop = 0;
    }
  }

  function abstainPanel(result) {
    const note = el("textarea", {id: "lead-note", rows: "2",
      placeholder: "Anything the lead should know (optional)"});
    const status = el("p", {class: "hint", role: "status"});
    const ask = el("button", {type: "button", class: "primary", id: "ask-lead"}, "Ask a lead");
    ask.addEventListener("click", async () => {
      ask.disabled = true;
      try {
        await api(result.actions.ask_lead, {note: note.value});
        status.textContent = "Sent to the leads. You'll be told when it is decided.";
      } catch (err) { status.textContent = err.message; ask.disabled = false; }
    });
    return el("section", {class: "abstain panel"},
      el("h2", {text: "No decided answer yet"}),
      el("p", {text: result.message}),
      result.nearest.length ? el("div", {class: "nearest"},
        el("h3", {text: "Nearest entries: draft from one if it fits"}),
        el("ul", {}, result.nearest.map((n) => nearestItem(result, n))))
        : null,
      el("label", {for: "lead-note", text: "Note to the lead"}), note, ask, status);
  }

  function nearestItem(result, entry) {
    const use = el("button", {type: "button", class: "small draft-from"}, "Draft from this");
    use.addEventListener("click", async () => {
      use.disabled = true;
      try {
        const data = await api(result.actions.draft_from, {entry: entry.id});
        result.drafts = data.drafts;
        result.abstained = data.abstained;
        showDrafts(result);
      } catch (err) { errorBox.textContent = err.message; errorBox.hidden = false; }
      finally { use.disabled = false; }
    });
    return el("li", {}, el("span", {text: entry.title + " (" + languageName(entry.language) + ") "}), use);
  }

  function draftCard(result, draft, index) {
    const id = "draft-" + index;
    const limit = currentLimit();
    const text = el("textarea", {id: id, rows: "14", "aria-label": "Draft " + (index + 1)});
    text.value = draft.text;
    const counter = el("span", {class: "counter"});
    const status = el("p", {class: "hint", role: "status"});
    const updateCount = () => {
      const n = text.value.length;
      counter.textContent = limit ? n + " / " + limit : n + " characters";
      counter.classList.toggle("over", Boolean(limit && n > limit));
      propose.hidden = !draft.entry || text.value === draft.text;
    };
    const copy = el("button", {type: "button", class: "primary copy"}, "Copy");
    const sent = el("button", {type: "button", class: "sent"}, "Mark sent");
    const reject = el("button", {type: "button", class: "reject"}, "Reject");
    const ask = el("button", {type: "button", class: "ask"}, "Ask a lead");
    const propose = el("button", {type: "button", class: "propose"}, "Propose as better answer");
    text.addEventListener("input", updateCount);
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(text.value);
        status.textContent = "Copied to the clipboard.";
      } catch (err) {
        text.select();
        status.textContent = "Press Ctrl+C to copy.";
      }
    });
    const rejectBox = rejectForm(result, index, text, status);
    sent.addEventListener("click", () => feedback(result, index, text, status, "sent"));
    reject.addEventListener("click", () => {
      rejectBox.hidden = !rejectBox.hidden;
      if (!rejectBox.hidden) rejectBox.querySelector("select").focus();
    });
    const askNote = el("input", {maxlength: "2000", "aria-label": "Note to the lead",
      placeholder: "What should the lead decide? (optional)"});
    const askSend = el("button", {type: "button", class: "ask-send"}, "Send to a lead");
    const askBox = el("div", {class: "reject-form", hidden: true}, askNote, askSend);
    ask.addEventListener("click", () => { askBox.hidden = !askBox.hidden; askNote.focus(); });
    askSend.addEventListener("click", async () => {
      try {
        await api(result.actions.ask_lead, {note: askNote.value});
        status.textContent = "Sent to the leads.";
        askBox.hidden = true;
      } catch (err) { status.textContent = err.message; }
    });
    const proposed = el("div", {class: "proposed", hidden: true});
    propose.addEventListener("click", async () => {
      try {
        const data = await api(result.actions.propose, {draft: index, answer: text.value});
        status.textContent = "Proposed to the leads as the entry's new answer (greeting and " +
          "sign-off left out). You'll see their decision.";
        proposed.replaceChildren(el("h4", {text: "Proposed answer"}),
          el("pre", {class: "proposed-answer", text: data.answer}));
        proposed.hidden = false;
        propose.disabled = true;
      } catch (err) { status.textContent = err.message; }
    });
    const warnings = (draft.warnings || []).map((w) =>
      el("span", {class: "badge warn", text: warningText(w)}));
    const citation = draft.entry ? el("details", {class: "citation"},
      el("summary", {}, "From: ", el("strong", {text: draft.entry.title}),
        " (v" + draft.entry.version + ", " + languageName(draft.entry.language) + ")"),
      el("p", {}, el("em", {text: "Why: "}), draft.entry.why || "—"),
      el("a", {href: draft.entry.url, class: "cite-link"}, "Read it in the handbook")) : null;
    const card = el("article", {class: "draft", "aria-labelledby": id + "-h"},
      el("h3", {id: id + "-h"}, (index + 1) + ". " + (FRAMINGS[draft.framing] || draft.framing),
        draft.confidence !== null && draft.confidence !== undefined ? el("span", {class: "badge",
          text: Math.round(draft.confidence * 100) + "%"}) : null),
      warnings.length ? el("div", {class: "warnings"}, warnings) : null,
      citation, text, counter,
      el("div", {class: "actions"}, copy, sent, reject, ask, propose), rejectBox, askBox,
      status, proposed);
    updateCount();
    return card;
  }

  function rejectForm(result, index, text, status) {
    const reasons = JSON.parse(document.getElementById("reject-reasons").textContent);
    const id = "reject-" + index;
    const select = el("select", {id: id + "-code", "aria-label": "Why reject"},
      el("option", {value: "", text: "Choose a reason…"}),
      reasons.map(([value, label]) => el("option", {value: value, text: label})));
    const note = el("input", {id: id + "-note", maxlength: "1000", "aria-label": "Reason in your words",
      placeholder: "In your words (optional)"});
    const send = el("button", {type: "button", class: "reject-send"}, "Reject with this reason");
    send.addEventListener("click", () => feedback(result, index, text, status, "rejected",
      {reason_code: select.value, reason: note.value}));
    return el("div", {class: "reject-form", hidden: true}, select, note, send);
  }

  async function feedback(result, index, text, status, action, extra) {
    const draft = result.drafts[index];
    const edited = text.value !== draft.text;
    const body = Object.assign({action: action, draft: index}, extra || {});
    if (action === "sent" && edited) { body.action = "sent_edited"; body.final_text = text.value; }
    try {
      const data = await api(result.actions.feedback, body);
      const what = action === "rejected" ? "Rejected. Thanks — that helps the leads."
        : "Marked as sent" + (edited ? " (edited)." : ".");
      status.textContent = data.changed ? what + " (counted once for this message)" : what;
    } catch (err) { status.textContent = err.message; }
  }
})();
