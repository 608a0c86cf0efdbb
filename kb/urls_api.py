from django.urls import include, path
from rest_framework.routers import SimpleRouter

from kb import api, decisions_api

router = SimpleRouter()
router.register("entries", api.EntryViewSet, basename="entry")

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="api-search"),
    path("public/", include("kb.public.urls_api")),
    path("leads/", include("kb.leads.urls_api")),
    path("decisions/", decisions_api.DecisionListView.as_view(), name="api-decisions"),
    # A group key from an import may hold any character, "/" too.
    path("decisions/<path:group>/", decisions_api.DecisionDetailView.as_view(),
         name="api-decision"),
    path("entries/<int:pk>/translations/", decisions_api.TranslationCreateView.as_view(),
         name="api-entry-translations"),
    path("entries/<int:pk>/up-to-date/", decisions_api.TranslationUpToDateView.as_view(),
         name="api-entry-up-to-date"),
    *router.urls,
]
