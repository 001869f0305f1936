"""The approved rankings, public."""

from django.urls import URLPattern, URLResolver, path

from conciliare.reviews import public_ranking_views

app_name = "rankings"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", public_ranking_views.ranking_list, name="ranking-list"),
    path("<int:pk>/", public_ranking_views.ranking_detail, name="ranking-detail"),
]
