from django.urls import URLPattern, path  # noqa: F401

app_name = "applications-officer"

urlpatterns: list[URLPattern] = []
