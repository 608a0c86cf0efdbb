from django.urls import path

from inbox import views

urlpatterns = [
    path("inbox/", views.inbox_page, name="inbox"),
    path("inbox/queue/", views.queue_fragment, name="inbox-queue"),
    path("inbox/<int:pk>/", views.conversation_page, name="inbox-conversation"),
    path("inbox/<int:pk>/pane/", views.pane_fragment, name="inbox-pane"),
    path("inbox/<int:pk>/send/", views.send, name="inbox-send"),
    path("inbox/<int:pk>/take/", views.take, name="inbox-take"),
    path("inbox/<int:pk>/assign/", views.assign, name="inbox-assign"),
    path("inbox/<int:pk>/status/", views.set_status, name="inbox-status"),
    path("inbox/messages/<int:pk>/hide/", views.hide, name="inbox-hide"),
    path("inbox/chorus/<int:pk>/dismiss/", views.dismiss_chorus, name="inbox-chorus-dismiss"),
    path("inbox/chorus/<int:pk>/announce/", views.chorus_announce, name="inbox-chorus-announce"),
    path("inbox/chorus/<int:pk>/post/", views.chorus_post, name="inbox-chorus-post"),
    path("inbox/routing/", views.routing, name="inbox-routing"),
    path("inbox/chatwoot/app/", views.chatwoot_app, name="inbox-chatwoot-app"),
]
