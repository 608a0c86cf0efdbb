"""Forms of the lead pages."""

from django import forms

from kb.models import TEXT_LIMITS, Entry, Language


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
    title = forms.CharField(max_length=300, required=False)
    answer = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), max_length=20000,
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
