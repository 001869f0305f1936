"""The reserved pages of the funded projects' monitoring, under
``/area-riservata/progetti/``: one namespace, the routes of each part in
its own module (the project's page and list come last: ``<code>/``)."""

from django.urls import URLPattern, URLResolver

from conciliare.monitoring import (
    payment_urls,
    project_urls,
    report_urls,
    statement_urls,
)

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    *report_urls.urlpatterns,
    *statement_urls.urlpatterns,
    *payment_urls.urlpatterns,
    *project_urls.urlpatterns,
]
