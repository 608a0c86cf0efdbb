from django.urls import path

from kb.handbook import views

app_name = "handbook"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.entry, name="entry"),
]
