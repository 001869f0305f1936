from http import HTTPStatus

import pytest

from conciliare.documents.tests.factories import DocumentFactory
from conciliare.partnerships.tests.factories import AllianceFactory
from conciliare.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_public_pages_in_both_languages(client):
    # given
    alliance = AllianceFactory.create()
    project = ProjectFactory.create()
    public = DocumentFactory.create()
    private = DocumentFactory.create(is_public=False)

    # when
    response = client.get("/sitemap.xml")

    # then
    xml = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/xml"
    for path in (
        "/",
        "/ats/milano/",
        "/ats/pavia/",
        "/alleanze/",
        "/progetti/",
        "/documenti/",
        alliance.get_absolute_url(),
        project.get_absolute_url(),
        public.get_absolute_url(),
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml, path
        assert f"<loc>http://testserver/en{path}</loc>" in xml, path
    assert 'hreflang="en"' in xml
    assert 'hreflang="x-default"' in xml
    assert private.get_absolute_url() not in xml


def test_the_sitemap_keeps_its_queries_and_is_cached(client, django_assert_num_queries):
    for _ in range(3):
        ProjectFactory.create()
    # ATS, their provinces, alliances, projects, calls, documents
    with django_assert_num_queries(8):
        client.get("/sitemap.xml")
    with django_assert_num_queries(0):
        assert client.get("/sitemap.xml")["X-Public-Cache"] == "hit"


def test_the_sitemap_lists_the_approved_rankings_and_public_plans_only(client):
    from conciliare.core.cache import public_cache_invalidate
    from conciliare.plans.tests.factories import approve, make_plan

    version = make_plan(status="draft")
    ranking = version.plan.call.ranking  # type: ignore[union-attr]
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver/graduatorie/{ranking.pk}/</loc>" in xml
    assert version.plan.get_absolute_url() not in xml  # in preparation

    approve(version)
    public_cache_invalidate()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{version.plan.get_absolute_url()}</loc>" in xml
