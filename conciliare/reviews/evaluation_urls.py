"""The committee's evaluation: assignments, declarations of conflict of interest, scores and the consensus."""

from django.urls import URLPattern, URLResolver

app_name = "reviews-evaluation"

urlpatterns: list[URLPattern | URLResolver] = []
