import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from conciliare.documents.selectors import document_get_for_user
from conciliare.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def test_returns_a_visible_document_with_its_ats_and_period(
    make_actor, django_assert_num_queries
):
    document = DocumentFactory.create(is_public=False)
    officer = make_actor("ats_officer")
    officer.roles  # noqa: B018 (roles are loaded once per request)

    with django_assert_num_queries(1):
        found = document_get_for_user(user=officer, pk=document.pk)
        assert str(found.ats) == "ATS della Città Metropolitana di Milano"
        assert found.period is None

    assert found == document


def test_missing_and_forbidden_are_the_same_404(make_actor):
    # given
    private = DocumentFactory.create(is_public=False)
    officer_of_brescia = make_actor("ats_officer", ats_slug="brescia")

    # when / then
    with pytest.raises(Http404):
        document_get_for_user(user=officer_of_brescia, pk=private.pk)
    with pytest.raises(Http404):
        document_get_for_user(user=officer_of_brescia, pk=private.pk + 1000)
    with pytest.raises(Http404):
        document_get_for_user(user=AnonymousUser(), pk=private.pk)
