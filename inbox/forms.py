"""Forms of the inbox pages."""

from __future__ import annotations

from django import forms

from inbox.models import RoutingRule
from kb.models import Team
from suggest.models import CHANNELS


class RoutingRuleForm(forms.ModelForm):
    """One routing rule; the value must fit the kind of match."""

    class Meta:
        model = RoutingRule
        fields = ["order", "match", "value", "team"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.order_by("name")
        self.fields["team"].empty_label = "— the decision's own team —"

    def clean(self):
        d = super().clean()
        match, value, team = d.get("match"), (d.get("value") or "").strip(), d.get("team")
        if match == RoutingRule.Match.CHANNEL and value not in dict(CHANNELS):
            self.add_error("value", "One of " + ", ".join(dict(CHANNELS)) + ".")
        if match == RoutingRule.Match.KEYWORD and not any(
                w.strip() for w in value.split(",")):
            self.add_error("value", "Give at least one keyword (comma-separated).")
        if match in (RoutingRule.Match.CHANNEL, RoutingRule.Match.KEYWORD) and team is None:
            self.add_error("team", "Choose the team these conversations go to.")
        d["value"] = value
        return d
