from django.urls import path

from conciliare.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.organisation_list, name="organisation-list"),
    path("nuovo/", views.organisation_create, name="organisation-create"),
    path("<int:pk>/", views.organisation_detail, name="organisation-detail"),
    path("<int:pk>/modifica/", views.organisation_update, name="organisation-update"),
]
