from django.urls import path

from kb.leads import api

urlpatterns = [
    path("questions/", api.QuestionGroupsView.as_view(), name="api-leads-questions"),
    path("questions/answer/", api.AnswerQuestionsView.as_view(), name="api-leads-answer"),
    path("questions/link/", api.LinkQuestionsView.as_view(), name="api-leads-link"),
    path("questions/dismiss/", api.DismissQuestionsView.as_view(), name="api-leads-dismiss"),
    path("proposals/", api.ProposalsView.as_view(), name="api-leads-proposals"),
    path("proposals/<int:pk>/approve/", api.ApproveProposalView.as_view(),
         name="api-leads-approve"),
    path("proposals/<int:pk>/reject/", api.RejectProposalView.as_view(),
         name="api-leads-reject"),
    path("wordings/", api.WordingsView.as_view(), name="api-leads-wordings"),
    path("wordings/accept/", api.AcceptWordingsView.as_view(), name="api-leads-wordings-accept"),
    path("wordings/discard/", api.DiscardWordingsView.as_view(),
         name="api-leads-wordings-discard"),
    path("health/", api.HealthView.as_view(), name="api-leads-health"),
    path("gaps/", api.GapsView.as_view(), name="api-leads-gaps"),
    path("gaps/ask/", api.GapToQuestionsView.as_view(), name="api-leads-gaps-ask"),
    path("announcements/", api.AnnouncementsView.as_view(), name="api-leads-announcements"),
    path("announcements/<int:pk>/read/", api.AnnouncementReadView.as_view(),
         name="api-leads-announcement-read"),
    path("notifications/", api.NotificationsView.as_view(), name="api-leads-notifications"),
    path("mine/", api.MineView.as_view(), name="api-leads-mine"),
]
