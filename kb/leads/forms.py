"""Forms of the lead pages."""

from __future__ import annotations

from django import forms

from kb.models import TEXT_LIMITS, BrandVoice, Entry, Language, Team, Topic
from kb.review import EntryData

# BrandVoice.language_fallbacks' word for "no draft, ask the leads for a translation".
ASK = "ask"


class EntryAnswerForm(forms.Form):
    """A decided answer: what agents may now say, and why."""

    title = forms.CharField(max_length=TEXT_LIMITS["title"])
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}),
                             max_length=TEXT_LIMITS["answer"],
                             help_text="Markdown; placeholders {customer_first_name}, "
                                       "{agent_first_name}, {brand}.")
    short_answer = forms.CharField(max_length=TEXT_LIMITS["short_answer"], required=False,
                                   help_text="One or two sentences for X.")
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_LIMITS["why"],
                          required=False, help_text="Why this was decided (agents only).")
    language = forms.ChoiceField(choices=Language.choices)
    audience = forms.ChoiceField(choices=Entry.Audience.choices)
    kind = forms.ChoiceField(choices=Entry.Kind.choices, initial=Entry.Kind.FAQ)
    questions = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                label="Example questions", help_text="One per line.")

    def data_dict(self) -> dict:
        data = dict(self.cleaned_data)
        data["questions"] = [q.strip() for q in data.get("questions", "").splitlines()
                             if q.strip()]
        return data


class ProposalReviewForm(EntryAnswerForm):
    title = forms.CharField(max_length=TEXT_LIMITS["title"], required=False)
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}),
                             max_length=TEXT_LIMITS["answer"],
                             required=False)
    language = forms.ChoiceField(choices=Language.choices, required=False)
    audience = forms.ChoiceField(choices=Entry.Audience.choices, required=False)
    kind = forms.ChoiceField(choices=Entry.Kind.choices, required=False)


def apply_errors(form: forms.Form, errors: dict) -> None:
    """Show a service's field messages on the form (unknown fields as form errors)."""
    for name, messages in errors.items():
        messages = messages if isinstance(messages, list) else [messages]
        for message in messages:
            form.add_error(name if name in form.fields else None, str(message))


class EntryForm(forms.Form):
    """A lead writes or changes a decision. The why is needed to publish, not to save a
    draft; the audience has no default, so it is always chosen."""

    title = forms.CharField(max_length=TEXT_LIMITS["title"],
                            error_messages={"required": "Please write a title."})
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10, "data-preview": "answer-preview"}),
        max_length=TEXT_LIMITS["answer"], error_messages={"required": "Please write the answer."},
        help_text="Markdown (**bold**, lists with -, [links](https://…)); placeholders "
                  "{customer_first_name}, {agent_first_name}, {brand}.")
    short_answer = forms.CharField(max_length=TEXT_LIMITS["short_answer"], required=False,
                                   help_text="One or two sentences for X and other tight "
                                             "channels.")
    why = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}),
                          max_length=TEXT_LIMITS["why"], required=False, label="Why",
                          help_text="Why this was decided. Needed to publish: agents decide "
                                    "alone from it.")
    audience = forms.ChoiceField(
        choices=[("", "— choose who may see it —"), *Entry.Audience.choices],
        error_messages={"required": "Please choose who may see it: public or internal."},
        help_text="Public: customers too, on the help centre. Internal: agents only.")
    kind = forms.ChoiceField(choices=Entry.Kind.choices, initial=Entry.Kind.FAQ,
                             help_text="Snippets (welcome, out of hours) never show on the "
                                       "public FAQ.")
    language = forms.ChoiceField(choices=Language.choices)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False,
                                  empty_label="Every team",
                                  help_text="An internal entry of a team is only for its "
                                            "members.")
    topics = forms.ModelMultipleChoiceField(queryset=Topic.objects.order_by("name"),
                                            to_field_name="slug", required=False,
                                            widget=forms.CheckboxSelectMultiple)
    questions = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False,
                                label="Example questions",
                                help_text="How customers ask it, one per line.")
    review_by = forms.DateField(required=False, label="Review by",
                                widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="When a lead should check the decision again.")

    @classmethod
    def for_entry(cls, entry: Entry, **kwargs) -> EntryForm:
        initial = {f: getattr(entry, f) for f in ("title", "answer", "short_answer", "why",
                                                  "audience", "kind", "language",
                                                  "review_by")}
        if entry.pk:
            initial["team"] = entry.team
            initial["topics"] = list(entry.topics.all())
            initial["questions"] = "\n".join(entry.questions.filter(status="accepted")
                                             .values_list("text", flat=True))
        return cls(initial=initial, **kwargs)

    def entry_data(self) -> EntryData:
        d = self.cleaned_data
        fields = {f: d[f] for f in ("title", "answer", "short_answer", "why", "audience",
                                    "kind", "language", "review_by")}
        return EntryData(fields=fields, team=d["team"], topics=[t.slug for t in d["topics"]],
                         questions=[q.strip() for q in d["questions"].splitlines()
                                    if q.strip()])


class BrandVoiceForm(forms.Form):
    """The brand's voice as fields, not JSON: one sign-off per language, contact rows."""

    brand = forms.CharField(max_length=100, error_messages={"required": "Please name the brand."})
    formal = forms.BooleanField(required=False, label="Formal address (De/Ni/Te)")
    emoji = forms.ChoiceField(choices=BrandVoice.Emoji.choices)
    home_language = forms.ChoiceField(
        required=False, label="Home language",
        choices=[("", "None (detect every message)"), *Language.choices],
        help_text="A one- or two-word message that reads as well in it as in a neighbour "
                  "(\"pris?\") is answered in it.")
    CONTACT_ROWS = 4
    # Languages tried per customer language when a decision lacks it; "all" is the "*" rule.
    FALLBACK_STEPS = 2
    ALL = "all"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, name in self._fallback_rows():
            first = [("", "No rule of its own: use the rule for every language"
                      if key != self.ALL else "Nothing: write no draft, ask for a translation")]
            first += [(code, f"Draft in {label}") for code, label in Language.choices
                      if code != key]
            if key != self.ALL:
                first.append((ASK, "Ask for a translation (no draft)"))
            self.fields[f"fallback_{key}_1"] = forms.ChoiceField(
                choices=first, required=False, label=f"Customer writes {name}, no entry in it")
            for step in range(2, self.FALLBACK_STEPS + 1):
                self.fields[f"fallback_{key}_{step}"] = forms.ChoiceField(
                    choices=[("", "Nothing more"), *((code, f"then {label}") for code, label
                                                     in Language.choices if code != key)],
                    required=False, label="If the decision lacks that language too")
        for code, name in Language.choices:
            self.fields[f"signoff_{code}"] = forms.CharField(
                max_length=200, required=False, label=f"Sign-off in {name}",
                help_text="e.g. Hilsen {agent_first_name}" if code == "nb" else "")
        for i in range(self.CONTACT_ROWS):
            self.fields[f"contact_{i}_label"] = forms.CharField(
                max_length=100, required=False, label=f"Contact channel {i + 1}: name")
            self.fields[f"contact_{i}_url"] = forms.URLField(
                required=False, label=f"Contact channel {i + 1}: address",
                assume_scheme="https")

    @classmethod
    def _fallback_rows(cls) -> list[tuple[str, str]]:
        return [*Language.choices, (cls.ALL, "any other language")]

    @classmethod
    def for_voice(cls, voice: BrandVoice) -> BrandVoiceForm:
        initial = {"brand": voice.brand, "formal": voice.formal, "emoji": voice.emoji,
                   "home_language": voice.home_language}
        policy = voice.language_fallbacks or {}
        for key, _ in cls._fallback_rows():
            rule = policy.get("*" if key == cls.ALL else key)
            steps = [ASK] if rule == ASK else [rule] if isinstance(rule, str) else rule or []
            for step, code in enumerate(steps[:cls.FALLBACK_STEPS], start=1):
                initial[f"fallback_{key}_{step}"] = code
        for code, _ in Language.choices:
            initial[f"signoff_{code}"] = (voice.signoffs or {}).get(code, "")
        for i, row in enumerate((voice.contact_channels or [])[:cls.CONTACT_ROWS]):
            label = row.get("label") or {}
            initial[f"contact_{i}_label"] = label.get("en") or next(iter(label.values()), "") \
                if isinstance(label, dict) else str(label)
            initial[f"contact_{i}_url"] = row.get("url", "")
        return cls(initial=initial)

    def clean(self):
        d = super().clean()
        for key, _ in self._fallback_rows():
            steps = [d.get(f"fallback_{key}_{step}") or ""
                     for step in range(1, self.FALLBACK_STEPS + 1)]
            for step in range(1, self.FALLBACK_STEPS):
                later = f"fallback_{key}_{step + 1}"
                if steps[step] and steps[step - 1] in ("", ASK):
                    self.add_error(later, "Choose the first fallback language before this one."
                                   if steps[step - 1] == "" else "Asking for a translation "
                                   "ends the list; nothing comes after it.")
                elif steps[step] and steps[step] in steps[:step]:
                    self.add_error(later, "This language is already tried before.")
        return d

    def fallback_policy(self) -> dict:
        """The form's rows as BrandVoice.language_fallbacks: a list per language, or "ask"."""
        policy = {}
        for key, _ in self._fallback_rows():
            steps = [c for step in range(1, self.FALLBACK_STEPS + 1)
                     if (c := self.cleaned_data[f"fallback_{key}_{step}"])]
            if steps:
                policy["*" if key == self.ALL else key] = ASK if steps == [ASK] else steps
        return policy

    def voice_data(self) -> dict:
        d = self.cleaned_data
        contacts = [{"label": {"en": d[f"contact_{i}_label"]}, "url": d[f"contact_{i}_url"]}
                    for i in range(self.CONTACT_ROWS)
                    if d[f"contact_{i}_label"] and d[f"contact_{i}_url"]]
        return {"brand": d["brand"], "formal": d["formal"], "emoji": d["emoji"],
                "home_language": d["home_language"], "language_fallbacks": self.fallback_policy(),
                "signoffs": {code: d[f"signoff_{code}"] for code, _ in Language.choices
                             if d[f"signoff_{code}"]},
                "contact_channels": contacts}


class PersonForm(forms.Form):
    """An agent or a lead: names, role, teams, and a first password for a new person."""

    username = forms.CharField(max_length=150, label="User name",
                               error_messages={"required": "Please give a user name."})
    first_name = forms.CharField(max_length=150, label="First name",
                                 help_text="Drafts sign off with it.",
                                 error_messages={"required": "Please give the first name."})
    last_name = forms.CharField(max_length=150, required=False, label="Last name")
    email = forms.EmailField(required=False, label="E-mail")
    role = forms.ChoiceField(choices=[("agent", "Agent"), ("lead", "Lead"),
                                      ("none", "No role (cannot sign in to Svar's pages)")])
    teams = forms.ModelMultipleChoiceField(queryset=Team.objects.order_by("name"),
                                           required=False,
                                           widget=forms.CheckboxSelectMultiple)
    password = forms.CharField(widget=forms.PasswordInput(render_value=False), required=False,
                               label="Password", help_text="For a new person; leave empty "
                                                           "to keep the current one.")
    active = forms.BooleanField(required=False, initial=True, label="Active")

    def __init__(self, *args, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if editing is not None:
            self.fields["username"].disabled = True
            self.fields["username"].initial = editing.get_username()

    @classmethod
    def for_person(cls, person) -> PersonForm:
        from kb.people import role_of

        role = {"no role": "none"}.get(role_of(person), role_of(person))
        return cls(prefix="p", editing=person, initial={
            "username": person.get_username(), "first_name": person.first_name,
            "last_name": person.last_name, "email": person.email, "role": role,
            "teams": list(person.svar_teams.all()), "active": person.is_active})


class TopicForm(forms.Form):
    name = forms.CharField(max_length=100, label="Topic name",
                           error_messages={"required": "Please name the topic."})


class TeamForm(forms.Form):
    name = forms.CharField(max_length=100, label="Team name",
                           error_messages={"required": "Please name the team."})
