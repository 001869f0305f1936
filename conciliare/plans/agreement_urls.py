"""The agreements (convenzioni) with the lead bodies of the funded projects."""

from django.urls import URLPattern, URLResolver, path

from conciliare.plans import agreement_views as views

app_name = "agreements"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agreement_list, name="agreement-list"),
    path("piano/<int:plan_pk>/", views.plan_agreements, name="plan-agreements"),
    path("piano/<int:plan_pk>/schema/", views.template_update, name="template-update"),
    path(
        "piano/<int:plan_pk>/genera/",
        views.agreements_generate,
        name="agreements-generate",
    ),
    path("<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("<int:pk>/firma/", views.agreement_sign, name="agreement-sign"),
]
