"""The admissibility check (istruttoria formale) by the ATS's officers, and the lead body's answers to a soccorso istruttorio."""

from django.urls import URLPattern, URLResolver, path

from conciliare.reviews import admissibility_views as views
from conciliare.reviews import clarification_views

app_name = "reviews-admissibility"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:call_pk>/", views.call_reviews, name="call-reviews"),
    path("<int:call_pk>/avvia/", views.call_review_start, name="review-start"),
    path(
        "<int:call_pk>/verbale/",
        views.call_minutes_generate,
        name="minutes-generate",
    ),
    path("domande/<int:pk>/", views.review_detail, name="review-detail"),
    path(
        "domande/<int:pk>/soccorso/",
        clarification_views.clarification_create,
        name="clarification-create",
    ),
    path(
        "soccorso/<int:pk>/",
        clarification_views.clarification_answer_page,
        name="clarification-answer",
    ),
    path(
        "soccorso/<int:pk>/chiudi/",
        clarification_views.clarification_close_expired,
        name="clarification-close",
    ),
]
