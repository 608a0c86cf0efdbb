from django.urls import path, register_converter

from kb.public import views
from text.languages import LANGUAGES


class LanguageConverter:
    """Only the six languages match: anything else (a NUL byte, say) is a plain 404 before
    it reaches the database."""

    regex = "|".join(LANGUAGES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(LanguageConverter, "lang")

urlpatterns = [
    path("", views.help_page, name="public-help"),
    path("<lang:language>/<slug:slug>/", views.entry_page, name="public-entry"),
    path("<lang:language>/<slug:slug>/answer/", views.entry_fragment,
         name="public-entry-answer"),
    path("<lang:language>/<slug:slug>/vote/", views.vote, name="public-entry-vote"),
]
