from django.urls import URLPattern, URLResolver, path

from conciliare.partnerships import views

app_name = "partnerships"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.alliance_list, name="alliance-list"),
    path("<slug:ats>/<slug:slug>/", views.alliance_detail, name="alliance-detail"),
]
