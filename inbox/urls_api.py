from django.urls import path

from inbox import api

urlpatterns = [
    path("inbox/webhooks/signed/", api.SignedWebhookView.as_view(), name="inbox-webhook-signed"),
    path("inbox/webhooks/meta/", api.MetaWebhookView.as_view(), name="inbox-webhook-meta"),
    path("inbox/webhooks/x/", api.XWebhookView.as_view(), name="inbox-webhook-x"),
    path("inbox/webhooks/chatwoot/<str:token>/", api.ChatwootWebhookView.as_view(),
         name="inbox-webhook-chatwoot"),
    path("inbox/webhooks/email/<str:token>/", api.EmailWebhookView.as_view(),
         name="inbox-webhook-email"),
    path("inbox/conversations/", api.ConversationListView.as_view(), name="inbox-api-list"),
    path("inbox/conversations/<int:pk>/", api.ConversationDetailView.as_view(),
         name="inbox-api-detail"),
    path("inbox/conversations/<int:pk>/send/", api.SendView.as_view(), name="inbox-api-send"),
    path("inbox/conversations/<int:pk>/assign/", api.AssignView.as_view(),
         name="inbox-api-assign"),
    path("inbox/conversations/<int:pk>/status/", api.StatusView.as_view(),
         name="inbox-api-status"),
    path("inbox/messages/<int:pk>/hide/", api.HideView.as_view(), name="inbox-api-hide"),
]
