from django.urls import path

from conciliare.registry import (
    membership_import_views,
    membership_join_views,
    membership_views,
    views,
)

app_name = "registry"

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("nuovo/", views.organisation_create, name="organisation-create"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/modifica/", views.organisation_update, name="organisation-update"),
    path(
        "reti/<int:pk>/aderisci/",
        membership_join_views.membership_request,
        name="membership-request",
    ),
    path(
        "reti/<int:pk>/richieste/",
        membership_views.membership_queue,
        name="membership-queue",
    ),
    path(
        "adesioni/<int:pk>/",
        membership_views.membership_detail,
        name="membership-detail",
    ),
    path(
        "adesioni/<int:pk>/approva/",
        membership_views.membership_approve,
        name="membership-approve",
    ),
    path(
        "adesioni/<int:pk>/respingi/",
        membership_views.membership_reject,
        name="membership-reject",
    ),
    path(
        "adesioni/<int:pk>/ritira/",
        membership_views.membership_withdraw,
        name="membership-withdraw",
    ),
    path(
        "adesioni/<int:pk>/escludi/",
        membership_views.membership_exclude,
        name="membership-exclude",
    ),
    path(
        "adesioni/<int:pk>/conferma/",
        membership_views.membership_confirm,
        name="membership-confirm",
    ),
    path(
        "reti/<int:pk>/riporta/",
        membership_views.network_carry_over,
        name="network-carry-over",
    ),
    path(
        "reti/<int:pk>/aderenti/",
        membership_views.membership_registry,
        name="membership-registry",
    ),
    path(
        "reti/<int:pk>/aderenti/export.csv",
        membership_views.membership_export_csv,
        name="membership-export-csv",
    ),
    path(
        "reti/<int:pk>/aderenti/export.xlsx",
        membership_views.membership_export_xlsx,
        name="membership-export-xlsx",
    ),
]

# Import of an existing member list (CSV or XLSX) into a network.
urlpatterns += [
    path(
        "reti/<int:pk>/importazioni/",
        membership_import_views.membership_import_list,
        name="membership-import-list",
    ),
    path(
        "reti/<int:pk>/importazioni/modello-aderenti.csv",
        membership_import_views.membership_import_template,
        name="membership-import-template",
    ),
    path(
        "importazioni/<int:pk>/",
        membership_import_views.membership_import_detail,
        name="membership-import-detail",
    ),
    path(
        "importazioni/<int:pk>/importa/",
        membership_import_views.membership_import_confirm,
        name="membership-import-confirm",
    ),
    path(
        "importazioni/<int:pk>/esito.csv",
        membership_import_views.membership_import_report_csv,
        name="membership-import-report",
    ),
]

# Joining: a new organisation on the joining form, the Modulo di adesione.
urlpatterns += [
    path(
        "reti/<int:pk>/aderisci/ente/",
        membership_join_views.membership_organisation_lookup,
        name="membership-organisation-lookup",
    ),
    path(
        "adesioni/<int:pk>/modulo.pdf",
        membership_join_views.membership_form_pdf,
        name="membership-form-pdf",
    ),
    path(
        "adesioni/<int:pk>/modulo-firmato/",
        membership_views.membership_signed_form_attach,
        name="membership-signed-form-attach",
    ),
]
