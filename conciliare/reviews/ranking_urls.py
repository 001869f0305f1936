"""The ranking (graduatoria) of a call for its officers: computation, approval, scorrimento."""

from django.urls import URLPattern, URLResolver

app_name = "reviews-ranking"

urlpatterns: list[URLPattern | URLResolver] = []
