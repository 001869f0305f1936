from django.urls import path

from conciliare.registry import membership_views, views

app_name = "registry"

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("nuovo/", views.organisation_create, name="organisation-create"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/modifica/", views.organisation_update, name="organisation-update"),
    path(
        "reti/<int:pk>/aderisci/",
        membership_views.membership_request,
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
