from django.urls import path

from kb.public import views

urlpatterns = [
    path("", views.help_page, name="public-help"),
    path("<str:language>/<str:slug>/", views.entry_page, name="public-entry"),
    path("<str:language>/<str:slug>/answer/", views.entry_fragment, name="public-entry-answer"),
    path("<str:language>/<str:slug>/vote/", views.vote, name="public-entry-vote"),
]
