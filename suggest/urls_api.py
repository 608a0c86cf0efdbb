from django.urls import path

from suggest import api, privacy_api

urlpatterns = [
    path("suggestions/", api.SuggestionCreateView.as_view(), name="suggestion-create"),
    path("suggestions/<int:pk>/feedback/", api.FeedbackView.as_view(),
         name="suggestion-feedback"),
    path("suggestions/<int:pk>/ask-lead/", api.AskLeadView.as_view(),
         name="suggestion-ask-lead"),
    path("suggestions/<int:pk>/draft-from/", api.DraftFromEntryView.as_view(),
         name="suggestion-draft-from"),
    path("suggestions/<int:pk>/propose/", api.ProposeView.as_view(), name="suggestion-propose"),
    path("privacy/export/", privacy_api.ExportView.as_view(), name="privacy-export"),
    path("privacy/erase/", privacy_api.EraseView.as_view(), name="privacy-erase"),
    path("audit/", privacy_api.AuditLogView.as_view(), name="audit-log"),
]
