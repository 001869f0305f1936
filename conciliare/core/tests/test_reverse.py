import pytest
from django.urls import reverse
from django.utils import translation

from conciliare.core.reverse import reverse_pk


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(
    "viewname", ["registry:organisation-detail", "documents:document-download"]
)
def test_reverse_pk_matches_reverse_in_each_language(language, viewname):
    with translation.override(language):
        for pk in (1, 42, 987654321, 10**12):
            assert reverse_pk(viewname, pk) == reverse(viewname, kwargs={"pk": pk})
