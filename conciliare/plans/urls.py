"""The Territorial Plans, public."""

from django.urls import URLPattern, URLResolver, path

from conciliare.plans import public_views

app_name = "plans"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public_views.plan_list, name="plan-list"),
    path("<slug:ats>/<slug:period>/", public_views.plan_public, name="plan-public"),
]
