from django.urls import URLPattern, URLResolver, path

from conciliare.registry import committee_views as views

app_name = "committee"

urlpatterns: list[URLPattern | URLResolver] = [
    path("reti/<int:network_pk>/", views.committee_detail, name="committee-detail"),
    path(
        "reti/<int:network_pk>/componenti/",
        views.committee_member_add,
        name="member-add",
    ),
    path("componenti/<int:pk>/fine/", views.committee_member_end, name="member-end"),
    path(
        "reti/<int:network_pk>/riunioni/",
        views.meeting_schedule,
        name="meeting-schedule",
    ),
    path("riunioni/<int:pk>/", views.meeting_detail, name="meeting-detail"),
]
