"""Routes of the monitoring's payment pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.monitoring import payment_views as views

urlpatterns: list[URLPattern | URLResolver] = [
    path("<str:code>/pagamenti/nuovo/", views.payment_create, name="payment-create"),
    path("<str:code>/revoca/", views.project_revoke, name="project-revoke"),
    path("<str:code>/recuperi/nuovo/", views.recovery_create, name="recovery-create"),
]
