"""Writes of the Documento Territoriale di Indirizzo: drafted by the ATS's
officers and committee, adopted by an act of the ATS, then public."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.calls.models import GUIDANCE_SECTIONS, GuidanceDocument, GuidanceStatus
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.territory.models import ATS, ProgrammingPeriod

#: What people write in a DTI (the form and the services agree).
GUIDANCE_FIELDS = ("title", *GUIDANCE_SECTIONS)


@transaction.atomic
def guidance_create(
    *, actor: User, ats: ATS, period: ProgrammingPeriod, data: dict[str, Any]
) -> GuidanceDocument:
    """Start the DTI of ``ats`` for ``period`` (one per ATS and period).

    Raises PermissionDenied or ValidationError keyed by field."""
    guidance = GuidanceDocument(ats=ats, period=period)
    ensure_perm(actor, "calls.add_guidance", guidance)
    _apply(guidance, data)
    if GuidanceDocument.objects.filter(ats=ats, period=period).exists():
        raise ValidationError(
            {"period": _("L'ATS ha già un Documento di Indirizzo per questo periodo.")}
        )
    guidance.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            guidance.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"period": _("L'ATS ha già un Documento di Indirizzo per questo periodo.")}
        ) from exc
    event_record(
        actor=actor,
        verb="guidance.create",
        target=guidance,
        changes=changes_between({}, _snapshot(guidance)),
    )
    return guidance


@transaction.atomic
def guidance_update(
    *, actor: User, guidance: GuidanceDocument, data: dict[str, Any]
) -> GuidanceDocument:
    """Change the text of a DTI being drafted (only the keys in ``data``)."""
    guidance = GuidanceDocument.objects.select_for_update().get(pk=guidance.pk)
    ensure_perm(actor, "calls.change_guidance", guidance)
    before = _snapshot(guidance)
    _apply(guidance, data)
    guidance.full_clean(validate_unique=False)
    changes = changes_between(before, _snapshot(guidance))
    if not changes:
        return guidance
    guidance.save(update_fields=[*data, "updated_at"])
    event_record(actor=actor, verb="guidance.update", target=guidance, changes=changes)
    return guidance


@transaction.atomic
def guidance_adopt(
    *,
    actor: User,
    guidance: GuidanceDocument,
    act_number: str,
    act_date: date,
    act_file: "File[bytes]",
) -> GuidanceDocument:
    """Record the ATS act that adopts the DTI and publish it on the portal.

    Raises PermissionDenied, InvalidTransition or ValidationError."""
    guidance = GuidanceDocument.objects.select_for_update().get(pk=guidance.pk)
    ensure_perm(actor, "calls.adopt_guidance", guidance)
    errors: dict[str, list[str]] = {}
    if not act_number.strip():
        errors["act_number"] = [_("Indicare il numero dell'atto di adozione.")]
    if act_date > timezone.localdate():
        errors["act_date"] = [_("La data dell'atto non può essere futura.")]
    if not any(getattr(guidance, name).strip() for name in GUIDANCE_SECTIONS):
        errors["__all__"] = [
            _("Il documento è vuoto: scrivere almeno una sezione prima di adottarlo.")
        ]
    if errors:
        raise ValidationError(errors)
    try:
        document = document_store(
            actor=actor,
            data={
                "title": _("%(title)s – atto di adozione") % {"title": guidance.title},
                "kind": DocumentKind.GUIDANCE,
                "act_number": act_number.strip(),
                "act_date": act_date,
                "valid_from": act_date,
                "is_public": True,
                "ats": guidance.ats,
                "period": guidance.period,
            },
            file=act_file,
            note=_("Atto di adozione del Documento Territoriale di Indirizzo"),
        )
    except ValidationError as exc:
        raise ValidationError({"act_file": exc.messages}) from exc
    previous = guidance.status
    guidance.transition_to(GuidanceStatus.ADOPTED)
    guidance.act_number = act_number.strip()
    guidance.act_date = act_date
    guidance.act_document = document
    guidance.adopted_at = timezone.now()
    guidance.save(
        update_fields=[
            "status",
            "act_number",
            "act_date",
            "act_document",
            "adopted_at",
            "updated_at",
        ]
    )
    event_record(
        actor=actor,
        verb="guidance.adopt",
        target=guidance,
        from_state=previous,
        to_state=guidance.status,
        changes={
            "act_number": [None, guidance.act_number],
            "act_date": [None, str(act_date)],
        },
    )
    transaction.on_commit(public_cache_invalidate)
    return guidance


def _apply(guidance: GuidanceDocument, data: dict[str, Any]) -> None:
    unknown = set(data) - set(GUIDANCE_FIELDS)
    if unknown:
        raise ValueError(f"not guidance fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(guidance, name, (value or "").strip())


def _snapshot(guidance: GuidanceDocument) -> dict[str, Any]:
    return {name: getattr(guidance, name) for name in GUIDANCE_FIELDS}
