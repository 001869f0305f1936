"""The Territorial Plans for the ATS's officers and the Region's validation
(mounted at /area-riservata/piani/)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.plans import plan_content_views, plan_views, region_views

app_name = "plans-manage"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", plan_views.plan_list, name="plan-list"),
    path("regione/", region_views.region, name="region"),
    path("avvisi/<int:call_pk>/crea/", plan_views.plan_create, name="plan-create"),
    path("<int:pk>/", plan_views.plan_detail, name="plan-detail"),
    path("<int:pk>/rimodula/", plan_views.plan_amend, name="plan-amend"),
    path(
        "versioni/<int:pk>/approva/", plan_views.version_approve, name="version-approve"
    ),
    path("versioni/<int:pk>/trasmetti/", plan_views.version_send, name="version-send"),
    path(
        "versioni/<int:pk>/valida/",
        plan_views.version_validate,
        name="version-validate",
    ),
    path(
        "versioni/<int:pk>/restituisci/",
        plan_views.version_return,
        name="version-return",
    ),
    path(
        "versioni/<int:pk>/progetti/",
        plan_views.version_projects_sync,
        name="version-projects-sync",
    ),
    path(
        "versioni/<int:pk>/azioni/nuova/",
        plan_content_views.action_add,
        name="action-add",
    ),
    path("azioni/<int:pk>/", plan_content_views.action_edit, name="action-edit"),
    path(
        "azioni/<int:pk>/elimina/",
        plan_content_views.action_remove,
        name="action-remove",
    ),
    path(
        "versioni/<int:pk>/fonti/",
        plan_content_views.version_funding,
        name="version-funding",
    ),
    path(
        "versioni/<int:pk>/monitoraggio/",
        plan_content_views.version_milestones,
        name="version-milestones",
    ),
    path(
        "versioni/<int:pk>/sintesi/",
        plan_content_views.version_summary,
        name="version-summary",
    ),
]
