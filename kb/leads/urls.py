from django.urls import path

from kb.leads import authoring, translation_views, views

app_name = "leads"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("questions/answer/", views.question_answer, name="question-answer"),
    path("questions/link/", views.question_link, name="question-link"),
    path("questions/dismiss/", views.question_dismiss, name="question-dismiss"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_review, name="proposal-review"),
    path("entries/", authoring.entry_list, name="entries"),
    path("entries/new/", authoring.entry_new, name="entry-new"),
    path("entries/preview/", authoring.entry_preview, name="entry-preview"),
    path("entries/<int:pk>/edit/", authoring.entry_edit, name="entry-edit"),
    path("entries/<int:pk>/publish/", authoring.entry_publish, name="entry-publish"),
    path("voice/", authoring.voice, name="voice"),
    path("people/", authoring.people, name="people"),
    path("people/<int:pk>/", authoring.person_edit, name="person-edit"),
    path("entries/<int:pk>/history/", views.entry_history, name="entry-history"),
    path("entries/<int:pk>/restore/", views.entry_restore, name="entry-restore"),
    path("wordings/", views.wordings, name="wordings"),
    path("health/", views.health, name="health"),
    path("gaps/", views.gaps, name="gaps"),
    path("gaps/ask/", views.gap_ask, name="gap-ask"),
    path("gaps/answer/", views.gap_answer, name="gap-answer"),
    path("mine/", views.mine, name="mine"),
    path("decisions/", translation_views.decisions, name="decisions"),
    path("decisions/<path:group>/", translation_views.decision, name="decision"),
    path("entries/<int:pk>/translate/", translation_views.translate, name="entry-translate"),
    path("entries/<int:pk>/up-to-date/", translation_views.up_to_date,
         name="entry-up-to-date"),
]
