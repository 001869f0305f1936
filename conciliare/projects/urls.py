from django.urls import URLPattern, URLResolver, path

from conciliare.projects import views

app_name = "projects"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.project_list, name="project-list"),
    path("<str:code>/", views.project_detail, name="project-detail"),
]
