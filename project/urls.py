"""URL map: pages, the API under /api/v1/, the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from project import views

api_v1 = [
    path("auth/token/", views.ThrottledObtainAuthToken.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("kb.urls_api")),
    path("", include("suggest.urls_api")),
    path("", include("inbox.urls_api")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("ready/", views.ready, name="ready"),
    path("accounts/login/", views.login_view, name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/login/", views.admin_login_view),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("", include("kb.urls")),
    path("", include("suggest.urls")),
    path("", include("inbox.urls")),
]

handler404 = "project.views.not_found"
