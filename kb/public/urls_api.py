from django.urls import path

from kb.public import api

urlpatterns = [
    path("search", api.PublicSearchView.as_view(), name="api-public-search"),
]
