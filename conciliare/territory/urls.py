from django.urls import path

from conciliare.territory import views

app_name = "territory"

urlpatterns = [
    path("ats/", views.ats_list, name="ats-list"),
    path("ats/<slug:slug>/", views.ats_detail, name="ats-detail"),
    path("periodi/", views.period_list, name="period-list"),
    path("periodi/<slug:slug>/", views.period_detail, name="period-detail"),
]
