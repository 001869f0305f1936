"""Routes of the monitoring's payment pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
