from django.urls import path

from conciliare.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
]
