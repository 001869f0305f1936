"""sitemap.xml: the public pages in both languages (Italian at /, English at
/en/), each listed with its alternate."""

from datetime import datetime
from typing import Any

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from conciliare.calls.models import Call
from conciliare.calls.selectors import call_list_public
from conciliare.documents.models import Document
from conciliare.documents.selectors import document_list_public
from conciliare.partnerships.models import Alliance
from conciliare.partnerships.public_selectors import alliance_urls_public
from conciliare.plans.models import PlanVersion
from conciliare.plans.plan_selectors import public_versions
from conciliare.projects.models import Project
from conciliare.projects.selectors import project_urls_public
from conciliare.reviews.models import Ranking
from conciliare.reviews.ranking_selectors import ranking_list_public
from conciliare.territory.models import ATS
from conciliare.territory.selectors import ats_list


class _Bilingual(Sitemap):  # type: ignore[type-arg]
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(_Bilingual):
    """The portal's fixed pages."""

    priority = 0.8

    def items(self) -> list[str]:
        return [
            "portal:home",
            "networks:network-list",
            "partnerships:alliance-list",
            "projects:project-list",
            "calls:call-list",
            "rankings:ranking-list",
            "plans:plan-list",
            "documents:document-list",
            "territory:period-list",
            "portal:accessibility",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class AtsSitemap(_Bilingual):
    priority = 0.7

    def items(self) -> QuerySet[ATS]:
        return ats_list()

    def location(self, item: ATS) -> str:
        return reverse("portal:ats-detail", kwargs={"slug": item.slug})


class AllianceSitemap(_Bilingual):
    def items(self) -> QuerySet[Alliance]:
        return alliance_urls_public()

    def lastmod(self, item: Alliance) -> datetime:
        return item.updated_at


class ProjectSitemap(_Bilingual):
    def items(self) -> QuerySet[Project]:
        return project_urls_public()

    def lastmod(self, item: Project) -> datetime:
        return item.updated_at


class CallSitemap(_Bilingual):
    """The published calls (their DTIs are linked from them)."""

    def items(self) -> QuerySet[Call]:
        return call_list_public().select_related(None).order_by("pk")

    def lastmod(self, item: Call) -> datetime:
        return item.updated_at


class DocumentSitemap(_Bilingual):
    """The public documents in force."""

    def items(self) -> QuerySet[Document]:
        return document_list_public().order_by("pk")

    def lastmod(self, item: Document) -> datetime:
        return item.updated_at


class RankingSitemap(_Bilingual):
    """The approved rankings."""

    def items(self) -> QuerySet[Ranking]:
        return ranking_list_public().order_by("pk")

    def location(self, item: Ranking) -> str:
        return reverse("rankings:ranking-detail", kwargs={"pk": item.pk})

    def lastmod(self, item: Ranking) -> datetime:
        return item.updated_at


class PlanSitemap(_Bilingual):
    """The public version of each Territorial Plan."""

    def items(self) -> QuerySet[PlanVersion]:
        return public_versions()

    def location(self, item: PlanVersion) -> str:
        return item.plan.get_absolute_url()

    def lastmod(self, item: PlanVersion) -> datetime:
        return item.updated_at


SITEMAPS: dict[str, Any] = {
    "pages": PagesSitemap,
    "ats": AtsSitemap,
    "alliances": AllianceSitemap,
    "projects": ProjectSitemap,
    "calls": CallSitemap,
    "rankings": RankingSitemap,
    "plans": PlanSitemap,
    "documents": DocumentSitemap,
}
