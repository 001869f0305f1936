from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from conciliare.core.views import healthz
from config.api import api

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include("conciliare.portal.urls")),
    path("account/", include("allauth.urls")),
    path("area-riservata/", include("conciliare.accounts.urls")),
    path(
        "area-riservata/alleanze/", include("conciliare.partnerships.management_urls")
    ),
    path("territorio/", include("conciliare.territory.urls")),
    path("enti/", include("conciliare.registry.urls")),
    path("reti/", include("conciliare.registry.network_urls")),
    path("comitato/", include("conciliare.registry.committee_urls")),
    path("documenti/", include("conciliare.documents.urls")),
    path("alleanze/", include("conciliare.partnerships.urls")),
    path("progetti/", include("conciliare.projects.urls")),
    path("avvisi/", include("conciliare.calls.urls")),
    path("area-riservata/avvisi/", include("conciliare.calls.management_urls")),
    path(
        "area-riservata/avvisi/",
        include("conciliare.applications.officer_urls"),
    ),
    path("area-riservata/domande/", include("conciliare.applications.urls")),
    path(
        "area-riservata/istruttoria/",
        include("conciliare.reviews.admissibility_urls"),
    ),
    path("area-riservata/valutazione/", include("conciliare.reviews.evaluation_urls")),
    path("area-riservata/graduatorie/", include("conciliare.reviews.ranking_urls")),
    path("graduatorie/", include("conciliare.reviews.public_urls")),
    path("area-riservata/piani/", include("conciliare.plans.management_urls")),
    path("piani/", include("conciliare.plans.urls")),
    path("area-riservata/convenzioni/", include("conciliare.plans.agreement_urls")),
    path("area-riservata/progetti/", include("conciliare.monitoring.urls")),
    path("dati-aperti/", include("conciliare.opendata.urls")),
    path("trasparenza/", include("conciliare.opendata.transparency_urls")),
    path("numeri/", include("conciliare.dashboards.urls")),
    path("area-riservata/cruscotto/", include("conciliare.dashboards.reserved_urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
