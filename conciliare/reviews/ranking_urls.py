"""The ranking (graduatoria) of a call for its officers: computation, approval, scorrimento."""

from django.urls import URLPattern, URLResolver, path

from conciliare.reviews import ranking_views

app_name = "reviews-ranking"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:call_pk>/", ranking_views.ranking_page, name="ranking"),
    path(
        "<int:call_pk>/calcola/", ranking_views.ranking_compute, name="ranking-compute"
    ),
    path(
        "<int:call_pk>/approva/", ranking_views.ranking_approve, name="ranking-approve"
    ),
    path(
        "<int:call_pk>/rinuncia/",
        ranking_views.ranking_renounce,
        name="ranking-renounce",
    ),
    path(
        "<int:call_pk>/riduzione/", ranking_views.ranking_reduce, name="ranking-reduce"
    ),
]
