"""The admissibility check (istruttoria formale) by the ATS's officers, and the lead body's answers to a soccorso istruttorio."""

from django.urls import URLPattern, URLResolver

app_name = "reviews-admissibility"

urlpatterns: list[URLPattern | URLResolver] = []
