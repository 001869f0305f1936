"""Reserved pages of the officers over the applications to the calls,
mounted under /area-riservata/avvisi/ beside the calls' management."""

from django.urls import path

from conciliare.applications import officer_views as views

app_name = "applications-officer"

urlpatterns = [
    path("<int:call_pk>/domande/", views.call_applications, name="call-applications"),
    path(
        "<int:call_pk>/domande/export.xlsx",
        views.call_applications_export,
        name="call-applications-export",
    ),
    path("domande/<int:pk>/", views.application_review, name="application-review"),
]
