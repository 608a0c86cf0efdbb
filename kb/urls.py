from django.urls import include, path

urlpatterns = [
    path("help/", include("kb.public.urls")),
    path("leads/", include("kb.leads.urls")),
    path("handbook/", include("kb.handbook.urls")),
]
