"""Writes to the organisation registry: every change is checked, validated,
audited and invalidates the public pages once committed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.permissions import ensure_perm
from conciliare.registry.models import ORGANISATION_EDITABLE_FIELDS, Organisation
from conciliare.registry.validators import normalise_tax_code

#: The fields a service may set from ``data`` (model field names).
ORGANISATION_FIELDS = (*ORGANISATION_EDITABLE_FIELDS, "is_synthetic")
_TEXT_FIELDS = frozenset(
    name
    for name in ORGANISATION_FIELDS
    if name not in {"comune", "ambito", "is_synthetic"}
)


@transaction.atomic
def organisation_create(*, actor: User, data: dict[str, Any]) -> Organisation:
    """Register a new organisation.

    Raises PermissionDenied, or ValidationError with Italian messages keyed by
    field (a duplicate tax code included) so that forms show them in place.
    """
    ensure_perm(actor, "registry.add_organisation")
    return _insert(actor=actor, data=data)


@transaction.atomic
def organisation_register(
    *, actor: User, data: dict[str, Any], note: str
) -> Organisation:
    """Register a new organisation as ``organisation_create`` does, without
    the officers' permission: for a service that checks its own (a person
    asking to join a network registers the organisation the request is
    for). ``note`` tells the audit log where the organisation came from.

    Never call it from a view. Raises ValidationError keyed by field.
    """
    return _insert(actor=actor, data=data, note=note)


def _insert(*, actor: User, data: dict[str, Any], note: str = "") -> Organisation:
    organisation = Organisation()
    _apply(organisation, data)
    _validate(organisation, actor=actor)
    _save(organisation, actor=actor)

    after = {key: value for key, value in _snapshot(organisation).items() if value}
    event_record(
        actor=actor,
        verb="organisation.create",
        target=organisation,
        changes=changes_between({}, after),
        note=note,
    )
    transaction.on_commit(public_cache_invalidate)
    return organisation


@transaction.atomic
def organisation_update(
    *, actor: User, organisation: Organisation, data: dict[str, Any]
) -> Organisation:
    """Change an organisation's registry data; only the keys in ``data``.

    The row is re-read under lock, so changes the caller made in memory to
    ``organisation`` (e.g. a bound ModelForm) are ignored. Nothing is written
    or audited when no value changes.
    """
    organisation = (
        Organisation.objects.select_for_update(of=("self",))
        .select_related("comune__province", "ambito")
        .get(pk=organisation.pk)
    )
    ensure_perm(actor, "registry.change_organisation", organisation)
    before = _snapshot(organisation)
    _apply(organisation, data)
    _validate(organisation, actor=actor)
    changes = changes_between(before, _snapshot(organisation))
    if not changes:
        return organisation

    _save(organisation, actor=actor, update_fields=[*changes, "updated_at"])
    event_record(
        actor=actor,
        verb="organisation.update",
        target=organisation,
        changes=changes,
    )
    transaction.on_commit(public_cache_invalidate)
    return organisation


def _apply(organisation: Organisation, data: dict[str, Any]) -> None:
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"not organisation fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        setattr(organisation, name, value)
    organisation.tax_code = normalise_tax_code(organisation.tax_code)
    organisation.vat_number = normalise_tax_code(organisation.vat_number).removeprefix(
        "IT"
    )
    if organisation.ambito_id is None and organisation.comune_id is not None:
        organisation.ambito_id = organisation.comune.ambito_id


def _validate(organisation: Organisation, *, actor: User) -> None:
    """``full_clean`` plus the two table-wide rules, with field messages."""
    errors: dict[str, list[str]] = {}
    if not organisation.tax_code and not organisation.vat_number:
        errors["tax_code"] = [_("Indicare il codice fiscale oppure la partita IVA.")]
    elif organisation.tax_code:
        holder = _tax_code_holder(organisation)
        if holder is not None:
            errors["tax_code"] = [_duplicate_message(holder, actor=actor)]
    try:
        # fields already in error are left out, and their constraints with them
        organisation.full_clean(exclude=list(errors))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(
    organisation: Organisation,
    *,
    actor: User,
    update_fields: list[str] | None = None,
) -> None:
    """Save; a tax code taken meanwhile by a concurrent writer is a field error."""
    try:
        with transaction.atomic():
            organisation.save(update_fields=update_fields)
    except IntegrityError:
        holder = _tax_code_holder(organisation)
        if holder is None:
            raise
        raise ValidationError(
            {"tax_code": _duplicate_message(holder, actor=actor)}
        ) from None


def _tax_code_holder(organisation: Organisation) -> Organisation | None:
    if not organisation.tax_code:
        return None
    return (
        Organisation.objects.filter(tax_code=organisation.tax_code)
        .exclude(pk=organisation.pk)
        .first()
    )


def _duplicate_message(holder: Organisation, *, actor: User) -> str:
    # Name the holder only to whoever may see it: a representative learns
    # nothing about organisations outside their own.
    if actor.has_perm("registry.view_organisation", holder):
        return _(
            "Esiste già un ente con questo codice fiscale: %(name)s (%(code)s)."
        ) % {"name": holder.legal_name, "code": holder.tax_code}
    return _("Esiste già un ente con questo codice fiscale: %(code)s.") % {
        "code": holder.tax_code
    }


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    """Field values as audited: related objects by their display name."""
    values: dict[str, Any] = {
        name: getattr(organisation, name)
        for name in ORGANISATION_FIELDS
        if name not in {"comune", "ambito"}
    }
    values["comune"] = str(organisation.comune) if organisation.comune_id else None
    values["ambito"] = str(organisation.ambito) if organisation.ambito_id else None
    return values
