"""Reserved pages where the alliances prepare, submit and withdraw their
applications (area riservata, «Le mie domande»)."""

from django.urls import path

from conciliare.applications import (
    attachment_views,
    section_views,
    submission_views,
    views,
)

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("nuova/", views.application_create, name="application-create"),
    path("<int:pk>/", views.application_detail, name="application-detail"),
    path("<int:pk>/conferma/", views.application_confirm, name="application-confirm"),
    path(
        "<int:pk>/invia/",
        submission_views.application_submit_view,
        name="application-submit",
    ),
    path(
        "<int:pk>/ritira/",
        submission_views.application_withdraw_view,
        name="application-withdraw",
    ),
    path(
        "<int:pk>/allegati/<int:attachment_pk>/rimuovi/",
        attachment_views.application_attachment_remove_view,
        name="application-attachment-remove",
    ),
    path(
        "<int:pk>/<slug:section>/",
        section_views.application_section,
        name="application-section",
    ),
    path(
        "invii/<int:pk>/ricevuta.pdf",
        submission_views.submission_receipt,
        name="submission-receipt",
    ),
]
