from django.urls import path

from conciliare.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("gestione/nuovo/", views.document_create, name="document-create"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/file/", views.document_download, name="document-download"),
    path("<int:pk>/modifica/", views.document_update, name="document-update"),
]
