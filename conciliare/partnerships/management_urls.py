"""Reserved pages of the alliances (area riservata): the people who run them
and the organisations that ask to join (Scheda partnership)."""

from django.urls import path

from conciliare.partnerships import management_views as views
from conciliare.partnerships import request_views

app_name = "alliances-manage"

urlpatterns = [
    path("", views.alliance_mine, name="alliance-list"),
    path("nuova/", views.alliance_create, name="alliance-create"),
    path("<int:pk>/", views.alliance_manage, name="alliance-manage"),
    path("<int:pk>/modifica/", views.alliance_update, name="alliance-update"),
    path("<int:pk>/partner/nuovo/", views.partner_add, name="partner-add"),
    path(
        "<int:pk>/partner/<int:partner_pk>/modifica/",
        views.partner_update,
        name="partner-update",
    ),
    path(
        "<int:pk>/partner/<int:partner_pk>/uscita/",
        views.partner_end,
        name="partner-end",
    ),
    path("<int:pk>/capofila/", views.alliance_lead_change, name="alliance-lead-change"),
    path(
        "<int:pk>/documenti/nuovo/",
        views.alliance_document_attach,
        name="alliance-document-attach",
    ),
    path(
        "<int:pk>/richieste/",
        request_views.alliance_request_queue,
        name="alliance-request-queue",
    ),
    path(
        "<int:pk>/scheda-partnership/",
        request_views.partner_request_create,
        name="request-create",
    ),
    path("richieste/", request_views.partner_request_list, name="request-list"),
    path(
        "richieste/<int:pk>/",
        request_views.partner_request_detail,
        name="request-detail",
    ),
    path(
        "richieste/<int:pk>/accogli/",
        request_views.partner_request_accept,
        name="request-accept",
    ),
    path(
        "richieste/<int:pk>/non-accogliere/",
        request_views.partner_request_decline,
        name="request-decline",
    ),
    path(
        "richieste/<int:pk>/ritira/",
        request_views.partner_request_withdraw,
        name="request-withdraw",
    ),
]
