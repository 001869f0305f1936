"""Routes of the monitoring's report pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.monitoring import report_views as views

REPORT = "<str:code>/relazioni/<int:pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("scadenze/", views.report_overdue, name="overdue"),
    path("<str:code>/relazioni/nuova/", views.report_create, name="report-create"),
    path(REPORT, views.report_detail, name="report-detail"),
    path(f"{REPORT}destinatari/", views.report_reach, name="report-reach"),
    path(f"{REPORT}indicatori/", views.report_indicators, name="report-indicators"),
    path(
        f"{REPORT}allegati/",
        views.report_attachment_add,
        name="report-attachment-add",
    ),
    path(
        f"{REPORT}allegati/<int:attachment_pk>/elimina/",
        views.report_attachment_remove,
        name="report-attachment-remove",
    ),
    path(f"{REPORT}invia/", views.report_submit, name="report-submit"),
    path(f"{REPORT}esito/", views.report_decide, name="report-decide"),
    path(f"{REPORT}riapri/", views.report_reopen, name="report-reopen"),
]
