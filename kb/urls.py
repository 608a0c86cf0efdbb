from django.urls import include, path

from kb.handbook.urls import announcement_urls

urlpatterns = [
    path("help/", include("kb.public.urls")),
    path("leads/", include("kb.leads.urls")),
    path("handbook/", include("kb.handbook.urls")),
    path("announcements/", include(announcement_urls)),
]
