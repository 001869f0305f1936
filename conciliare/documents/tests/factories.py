import hashlib
from datetime import date

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from conciliare.accounts.tests.factories import UserFactory
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.tests.samples import pdf_bytes
from conciliare.territory.models import ATS

PDF = pdf_bytes()


class DocumentFactory(factory.django.DjangoModelFactory[Document]):
    """A public PDF of ATS Milano, in force since 1 January 2020."""

    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Documento di prova {n}")
    kind = DocumentKind.FORM
    file = factory.django.FileField(filename="documento.pdf", data=PDF)
    original_filename = "documento.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    sha256 = hashlib.sha256(PDF).hexdigest()
    valid_from = date(2020, 1, 1)
    is_public = True
    ats = factory.LazyFunction(lambda: ATS.objects.get(slug="milano"))
    uploaded_by = factory.SubFactory(UserFactory)


def upload(
    name: str = "atto.pdf", data: bytes = PDF, content_type: str = ""
) -> SimpleUploadedFile:
    """A file as the browser sends it (its content type is only a claim)."""
    return SimpleUploadedFile(
        name, data, content_type=content_type or "application/pdf"
    )


def metadata(**overrides):
    """Valid ``data`` for ``document_create``, as the form cleans it."""
    data = {
        "title": "Modulo di adesione alla Rete",
        "kind": DocumentKind.FORM,
        "act_number": "390",
        "act_date": date(2020, 5, 29),
        "valid_from": date(2020, 6, 1),
        "valid_until": None,
        "is_public": True,
        "ats": ATS.objects.get(slug="milano"),
        "period": None,
    }
    data.update(overrides)
    return data
