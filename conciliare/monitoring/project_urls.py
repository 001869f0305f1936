"""Routes of the monitoring's project pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
