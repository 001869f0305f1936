"""The Modulo di adesione of a request as a PDF (WeasyPrint): pre-filled with
the request, to be signed by the organisation's legal representative and
attached back to the request."""

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from conciliare.registry.models import Membership


def membership_form_pdf(*, membership: Membership) -> bytes:
    """The one-page form of ``membership`` as a PDF."""
    return bytes(HTML(string=membership_form_html(membership=membership)).write_pdf())


def membership_form_html(*, membership: Membership) -> str:
    """The form's HTML, which WeasyPrint lays out (its areas, regulation and
    organisation are read here: a detail page's single request)."""
    return render_to_string(
        "registry/membership_form_pdf.html",
        {
            "membership": membership,
            "organisation": membership.organisation,
            "network": membership.network,
            "areas": membership.areas.order_by("number"),
            "regulation": membership.accepted_regulation,
            "generated_on": timezone.localdate(),
        },
    )


def membership_form_filename(membership: Membership) -> str:
    return f"modulo-adesione-{membership.protocol_number}.pdf"
