from django.urls import path

from kb.handbook import views

app_name = "handbook"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.entry, name="entry"),
]

announcement_urls = [
    path("", views.announcements, name="announcements"),
    path("<int:pk>/read/", views.announcement_read, name="announcement-read"),
    path("read-all/", views.announcements_read_all, name="announcements-read-all"),
]
