from django.urls import path
from rest_framework.routers import SimpleRouter

from kb import api

router = SimpleRouter()
router.register("entries", api.EntryViewSet, basename="entry")

urlpatterns = [
    path("search/", api.SearchView.as_view(), name="api-search"),
    *router.urls,
]
