from django.urls import include, path
from rest_framework.routers import SimpleRouter

from kb import api

router = SimpleRouter()
router.register("entries", api.EntryViewSet, basename="entry")

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="api-search"),
    path("public/", include("kb.public.urls_api")),
    path("leads/", include("kb.leads.urls_api")),
    *router.urls,
]
