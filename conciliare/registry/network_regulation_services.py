"""The Regolamento of a network, versioned: the ATS publishes a new version,
which closes the one in force the day before it starts. Every version stays
a public document (kind Regolamento, of the network's ATS and period), so
the members can read what they accepted when they joined."""

from datetime import date, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.permissions import ensure_perm
from conciliare.documents.filetypes import PDF
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import document_store, document_update
from conciliare.documents.validators import validate_upload
from conciliare.registry.models import Network

if TYPE_CHECKING:
    from django.core.files import File


class RegulationData(TypedDict):
    """What the officer types about a new version (besides the file)."""

    title: str
    valid_from: date
    act_number: str
    act_date: date | None


@transaction.atomic
def network_regulation_publish(
    *, actor: User, network: Network, data: RegulationData, file: "File[bytes]"
) -> Document:
    """Publish ``file`` (a PDF) as the Regolamento of ``network`` in force
    from ``data["valid_from"]``; the version in force until then ends the
    day before. Returns the new version.

    Raises PermissionDenied (not an officer of the network's ATS) or
    ValidationError keyed by field: a start not after the current version's,
    a file that is not a PDF (nothing is saved).
    """
    network = (
        Network.objects.select_for_update(of=("self",))
        .select_related("ats", "period", "regulation")
        .get(pk=network.pk)
    )
    ensure_perm(actor, "registry.publish_network_regulation", network)
    previous = network.regulation
    valid_from = data["valid_from"]
    if previous is not None and valid_from <= previous.valid_from:
        raise ValidationError(
            {
                "valid_from": _(
                    "La nuova versione deve entrare in vigore dopo quella attuale, "
                    "in vigore dal %(date)s: indicare una data successiva."
                )
                % {"date": date_format(previous.valid_from, "SHORT_DATE_FORMAT")}
            }
        )
    try:
        file_type = validate_upload(file)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    if file_type != PDF:
        raise ValidationError(
            {
                "file": _(
                    "Il Regolamento si pubblica in formato PDF: il file caricato è "
                    "di tipo %(label)s."
                )
                % {"label": file_type.label}
            }
        )

    regulation = document_store(
        actor=actor,
        data={
            "title": data["title"].strip(),
            "kind": DocumentKind.REGULATION,
            "act_number": data["act_number"].strip(),
            "act_date": data["act_date"],
            "valid_from": valid_from,
            "valid_until": None,
            "is_public": True,
            "ats": network.ats,
            "period": network.period,
        },
        file=file,
        note=_("Regolamento della %(network)s.") % {"network": network},
    )
    if previous is not None:
        ends = valid_from - timedelta(days=1)
        if previous.valid_until is None or previous.valid_until > ends:
            document_update(actor=actor, document=previous, data={"valid_until": ends})
    network.regulation = regulation
    network.save(update_fields=["regulation", "updated_at"])
    event_record(
        actor=actor,
        verb="network.regulation_publish",
        target=network,
        changes={
            "regulation": [
                previous.title if previous else None,
                regulation.title,
            ],
            "valid_from": [
                previous.valid_from.isoformat() if previous else None,
                valid_from.isoformat(),
            ],
        },
    )
    transaction.on_commit(public_cache_invalidate)
    return regulation
