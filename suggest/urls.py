from django.urls import path

from suggest import views

urlpatterns = [
    path("agent/", views.agent_page, name="agent"),
    path("agent/announcements/<int:pk>/read/", views.read_announcement,
         name="agent-announcement-read"),
]
