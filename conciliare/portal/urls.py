from django.urls import URLPattern, URLResolver, path

from conciliare.portal import views

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("ats/<slug:slug>/", views.ats_detail, name="ats-detail"),
    path("cerca/", views.search, name="search"),
    path("accessibilita/", views.accessibility, name="accessibility"),
    path("accessibilita/segnalazione/", views.feedback, name="feedback"),
    path(
        "accessibilita/segnalazione/inviata/",
        views.feedback_sent,
        name="feedback-sent",
    ),
    path("privacy/", views.privacy, name="privacy"),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]
