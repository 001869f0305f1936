"""Each agreement's PDF is produced by the worker after the generation and
stored as a private document of the ATS."""

import pytest

from conciliare.documents.models import Document, DocumentKind
from conciliare.plans.agreement_pdf import agreement_html, agreement_pdf_issue
from conciliare.plans.agreement_services import agreements_generate
from conciliare.plans.tests.agreement_factories import make_agreement_plan

pytestmark = pytest.mark.django_db


def test_generation_produces_a_private_pdf_per_agreement_after_the_commit(
    django_capture_on_commit_callbacks,
):
    setup = make_agreement_plan(grants=("45000.01",), milestones=True)

    with django_capture_on_commit_callbacks(execute=True):
        (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)

    agreement.refresh_from_db()
    document = agreement.document
    assert document is not None
    assert document.kind == DocumentKind.AGREEMENT
    assert document.is_public is False
    assert document.ats == setup.plan.ats
    assert document.act_number == agreement.number
    with document.file.open("rb") as handle:
        assert handle.read(4) == b"%PDF"
    # once issued, running the task again stores nothing more
    assert agreement_pdf_issue(agreement_id=agreement.pk) == "already issued"
    assert Document.objects.filter(kind=DocumentKind.AGREEMENT).count() == 1


def test_the_pdf_holds_the_text_the_payments_and_the_deadlines():
    setup = make_agreement_plan(grants=("45000.01",), milestones=True)
    (agreement,) = agreements_generate(actor=setup.officer, version=setup.version)

    html = agreement_html(agreement=agreement)

    assert agreement.number in html
    assert "Art. 3 – Contributo e modalità di erogazione" in html
    assert "22.500,01" in html
    assert "22.500,00" in html
    assert "Relazione intermedia" in html
