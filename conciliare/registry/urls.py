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
]
