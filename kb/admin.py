"""Django admin for the handbook, with the version history of each entry visible."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from kb.entries import entry_change
from kb.models import BrandVoice, Entry, EntryVersion, ExampleQuestion, Team, Topic
from kb.personal_data_guard import check_entry_texts


class ExampleQuestionInline(admin.TabularInline):
    model = ExampleQuestion
    extra = 1
    fields = ("text", "status", "source")


class EntryVersionInline(admin.TabularInline):
    model = EntryVersion
    extra = 0
    can_delete = False
    fields = ("number", "author", "created_at", "message", "data")
    readonly_fields = fields
    ordering = ("-number",)

    def has_add_permission(self, request, obj=None):
        return False


class EntryForm(forms.ModelForm):
    class Meta:
        model = Entry
        fields = ["external_key", "translation_group", "slug", "title", "answer",
                  "short_answer", "why", "kind", "audience", "language", "status", "topics",
                  "team"]

    def clean(self):
        cleaned = super().clean()
        probe = Entry(**{f: cleaned.get(f, "") for f in ("title", "answer", "short_answer", "why")})
        try:
            check_entry_texts(probe)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                for message in messages:
                    self.add_error(field, message)
        return cleaned


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    form = EntryForm
    list_display = ("title", "language", "kind", "audience", "status", "version", "updated_at")
    list_filter = ("status", "language", "kind", "audience", "team", "topics")
    search_fields = ("title", "answer", "why", "external_key", "translation_group")
    readonly_fields = ("version", "created_at", "updated_at", "published_at", "view_count")
    inlines = [ExampleQuestionInline, EntryVersionInline]
    filter_horizontal = ("topics",)

    def save_model(self, request, obj, form, change):
        """Saved in save_related, through the one write path, with its inlines."""

    def save_related(self, request, form, formsets, change):
        with entry_change(form.instance, user=request.user,
                          message="Changed in admin" if change else "Created in admin",
                          detail={"via": "admin", "status": form.instance.status}):
            super().save_related(request, form, formsets, change)


@admin.register(EntryVersion)
class EntryVersionAdmin(admin.ModelAdmin):
    list_display = ("entry", "number", "author", "created_at", "message")
    list_filter = ("created_at",)
    readonly_fields = ("entry", "number", "data", "author", "message", "created_at")

    def has_add_permission(self, request):
        return False


admin.site.register(Topic)
admin.site.register(Team)
admin.site.register(BrandVoice)
admin.site.site_header = "Svar administration"
