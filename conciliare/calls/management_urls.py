"""Reserved pages of the calls and of the DTIs (mounted at
/area-riservata/avvisi/, beside the officers' pages of the applications)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.calls import guidance_views, management_views

app_name = "calls-manage"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", management_views.call_list, name="call-list"),
    path("nuovo/", management_views.call_create, name="call-create"),
    path("<int:pk>/", management_views.call_manage, name="call-manage"),
    path("<int:pk>/modifica/", management_views.call_edit, name="call-edit"),
    path("<int:pk>/criteri/", management_views.call_criteria, name="call-criteria"),
    path(
        "<int:pk>/allegati/",
        management_views.call_attachments,
        name="call-attachments",
    ),
    path("<int:pk>/pubblica/", management_views.call_publish, name="call-publish"),
    path("<int:pk>/rettifica/", management_views.call_amend, name="call-amend"),
    path("indirizzi/", guidance_views.guidance_list, name="guidance-list"),
    path("indirizzi/nuovo/", guidance_views.guidance_create, name="guidance-create"),
    path("indirizzi/<int:pk>/", guidance_views.guidance_edit, name="guidance-edit"),
    path(
        "indirizzi/<int:pk>/adozione/",
        guidance_views.guidance_adopt,
        name="guidance-adopt",
    ),
]
