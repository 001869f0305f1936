"""Public pages of the calls and of the adopted DTIs (mounted at /avvisi/)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.calls import views

app_name = "calls"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.call_list, name="call-list"),
    path("<int:pk>/", views.call_detail, name="call-detail"),
    path(
        "indirizzi/<slug:ats>/<slug:period>/",
        views.guidance_detail,
        name="guidance-detail",
    ),
]
