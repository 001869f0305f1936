"""Writes of an application draft: created by a representative of the
alliance's lead body, changed section by section.

Every save carries the version the person started from: if someone else
saved in between, the save is refused (StaleDraft) and the page keeps what
the person typed, so two representatives never overwrite each other.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.applications.call_figures import call_figures_invalidate
from conciliare.applications.models import (
    Application,
    ApplicationAction,
    ApplicationBudgetLine,
    ApplicationIndicator,
    ApplicationTargetGroup,
)
from conciliare.audit.services import changes_between, event_record
from conciliare.calls.models import Call
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.partnerships.composition import alliance_partners_on
from conciliare.partnerships.models import Alliance

#: The general data of the application (the form and the services agree).
GENERAL_FIELDS = ("title", "summary", "objectives", "areas", "starts_on", "ends_on")
_TEXT_FIELDS = frozenset({"title", "summary", "objectives"})

#: The repeated parts of an application: model and the fields people type.
ROW_KINDS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "actions": (
        ApplicationAction,
        ("title", "description", "starts_on", "ends_on", "responsible"),
    ),
    "target_groups": (
        ApplicationTargetGroup,
        ("kind", "description", "expected_beneficiaries"),
    ),
    "indicators": (ApplicationIndicator, ("name", "unit", "baseline", "target")),
    "budget_lines": (
        ApplicationBudgetLine,
        (
            "organisation",
            "category",
            "description",
            "cost",
            "grant_requested",
            "cofinancing_source",
        ),
    ),
}


class StaleDraft(ApplicationError):  # noqa: N818 (reads as what happened)
    """Someone saved the draft after the person opened it."""

    def __init__(self, application: Application) -> None:
        when = timezone.localtime(application.updated_at)
        super().__init__(
            _(
                "%(person)s ha salvato questa domanda alle %(time)s, dopo che "
                "l'avete aperta: quanto avete scritto qui non è stato salvato. "
                "Copiatelo, ricaricate la pagina per vedere la versione attuale "
                "e riportate le vostre modifiche."
            )
            % {
                "person": application.updated_by,
                "time": date_format(when, "H:i"),
            }
        )


@transaction.atomic
def application_create(
    *, actor: User, call: Call, alliance: Alliance, title: str
) -> Application:
    """Start the application of ``alliance`` to ``call`` (one per alliance
    and call). Raises PermissionDenied, ApplicationError or ValidationError."""
    ensure_perm(actor, "applications.add_application", alliance)
    if not call.is_open_at(timezone.now()):
        raise ApplicationError(
            _("L'avviso non accetta domande: non è aperto o è scaduto."), field="call"
        )
    if alliance.ats_id != call.ats_id:
        raise ValidationError(
            {
                "alliance": _("L'avviso è riservato alle alleanze dell'%(ats)s.")
                % {"ats": call.ats}
            }
        )
    existing = Application.objects.filter(call=call, alliance=alliance).first()
    if existing is not None:
        raise ApplicationError(
            _("L'alleanza ha già una domanda per questo avviso: «%(title)s».")
            % {"title": existing.title},
            field="alliance",
        )
    application = Application(
        call=call,
        alliance=alliance,
        ats_id=call.ats_id,
        title=title.strip(),
        created_by=actor,
        updated_by=actor,
    )
    application.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise ApplicationError(
            _("L'alleanza ha già una domanda per questo avviso."), field="alliance"
        ) from exc
    call_figures_invalidate(call_id=call.pk)
    event_record(
        actor=actor,
        verb="application.create",
        target=application,
        changes={"title": [None, application.title], "call": [None, str(call)]},
    )
    return application


@transaction.atomic
def application_update(
    *, actor: User, application: Application, version: int, data: dict[str, Any]
) -> Application:
    """Save the general data of a draft (only the keys in ``data``).

    Raises PermissionDenied, StaleDraft, ApplicationError or ValidationError."""
    application = _lock_for_edit(actor=actor, application=application, version=version)
    unknown = set(data) - set(GENERAL_FIELDS)
    if unknown:
        raise ValueError(f"not application fields: {sorted(unknown)}")
    before = _general_snapshot(application, list(application.areas.all()))
    for name, value in data.items():
        if name == "areas":
            continue
        setattr(
            application, name, (value or "").strip() if name in _TEXT_FIELDS else value
        )
    errors: dict[str, list[str]] = {}
    try:
        application.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if (
        application.starts_on
        and application.ends_on
        and application.ends_on < application.starts_on
    ):
        errors.setdefault("ends_on", []).append(
            _("La fine delle attività non può precedere l'inizio.")
        )
    areas = list(data["areas"]) if "areas" in data else list(application.areas.all())
    admitted = set(application.call.areas.values_list("pk", flat=True))
    if any(area.pk not in admitted for area in areas):
        errors.setdefault("areas", []).append(
            _("Scegliere le aree di intervento tra quelle ammesse dall'avviso.")
        )
    if errors:
        raise ValidationError(errors)
    changes = changes_between(before, _general_snapshot(application, areas))
    if not changes:
        return application
    _bump(application, actor, fields=[name for name in data if name != "areas"])
    if "areas" in data:
        application.areas.set(areas)
    event_record(
        actor=actor, verb="application.update", target=application, changes=changes
    )
    return application


class RowsInvalid(Exception):  # noqa: N818 (reads as what happened)
    """Some parts' rows were refused: ``by_kind`` maps each such part to its
    ValidationError (keyed ``<row>-<field>``)."""

    def __init__(self, by_kind: dict[str, ValidationError]) -> None:
        super().__init__(", ".join(by_kind))
        self.by_kind = by_kind


@transaction.atomic
def application_rows_set(
    *,
    actor: User,
    application: Application,
    version: int,
    kind: str,
    rows: list[dict[str, Any]],
) -> Application:
    """Replace the rows of one part of a draft (``kind``: actions,
    target_groups, indicators, budget_lines) with ``rows``, all or none.

    A budget line gives its cost and the grant requested; the co-financing
    is the rest, to the cent. Raises ValidationError keyed ``<row>-<field>``.
    """
    try:
        return application_parts_set(
            actor=actor, application=application, version=version, parts={kind: rows}
        )
    except RowsInvalid as exc:
        raise exc.by_kind[kind] from None


@transaction.atomic
def application_parts_set(
    *,
    actor: User,
    application: Application,
    version: int,
    parts: dict[str, list[dict[str, Any]]],
) -> Application:
    """Replace the rows of several parts of a draft at once (one page holds
    the target groups and the indicators): all parts or none, one new version.

    Raises PermissionDenied, StaleDraft, ApplicationError or RowsInvalid."""
    application = _lock_for_edit(actor=actor, application=application, version=version)
    partner_ids = {
        p.organisation_id for p in alliance_partners_on(alliance=application.alliance)
    }
    built: dict[str, list[models.Model]] = {}
    invalid: dict[str, ValidationError] = {}
    for kind, rows in parts.items():
        try:
            built[kind] = _rows_build(application, kind, rows, partner_ids)
        except ValidationError as exc:
            invalid[kind] = exc
    if invalid:
        raise RowsInvalid(invalid)
    changed = False
    for kind, objects in built.items():
        model, _fields = ROW_KINDS[kind]
        related = getattr(application, kind)
        before = [_row_text(obj) for obj in related.all()]
        after = [_row_text(obj) for obj in objects]
        if before == after:
            continue
        related.all().delete()
        model.objects.bulk_create(objects)  # type: ignore[attr-defined]
        changed = True
        event_record(
            actor=actor,
            verb=f"application.{kind}_set",
            target=application,
            changes={kind: [before, after]},
        )
    if changed:
        _bump(application, actor, fields=[])
    return application


def _rows_build(
    application: Application,
    kind: str,
    rows: list[dict[str, Any]],
    partner_ids: set[int],
) -> list[models.Model]:
    """The unsaved rows of ``kind``, or ValidationError keyed ``<row>-<field>``."""
    model, fields = ROW_KINDS[kind]
    errors: dict[str, list[str]] = {}
    objects = []
    for index, row in enumerate(rows):
        unknown = set(row) - set(fields)
        if unknown:
            raise ValueError(f"not {kind} fields: {sorted(unknown)}")
        obj = model(application=application, **row)
        for name, messages in _row_errors(obj, partner_ids).items():
            errors.setdefault(f"{index}-{name}", []).extend(messages)
        objects.append(obj)
    if kind == "target_groups":
        kinds = [obj.kind for obj in objects]  # type: ignore[attr-defined]
        for index, value in enumerate(kinds):
            if kinds.index(value) != index:
                errors.setdefault(f"{index}-kind", []).append(
                    _("Questo gruppo di destinatari è già indicato in un'altra riga.")
                )
    if errors:
        raise ValidationError(errors)
    return objects


def application_lock(application: Application) -> Application:
    """The application re-read and locked until the transaction ends."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related(
            "call", "call__composition_rules", "alliance", "alliance__lead", "ats"
        )
        .get(pk=application.pk)
    )


def draft_lock(*, actor: User, application: Application) -> Application:
    """The draft locked for a change by ``actor``: PermissionDenied unless
    the actor may change it, ApplicationError once the call has closed."""
    application = application_lock(application)
    ensure_perm(actor, "applications.change_application", application)
    if application.call.is_closed_at(timezone.now()):
        raise ApplicationError(
            _("L'avviso è scaduto: la domanda non può più essere modificata.")
        )
    return application


def _lock_for_edit(
    *, actor: User, application: Application, version: int
) -> Application:
    application = draft_lock(actor=actor, application=application)
    if application.version != version:
        raise StaleDraft(application)
    return application


def _bump(application: Application, actor: User, *, fields: list[str]) -> None:
    application.version += 1
    application.updated_by = actor
    application.save(update_fields=[*fields, "version", "updated_by", "updated_at"])


def _row_errors(obj: models.Model, partner_ids: set[int]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    # read as Any: a value the form could not parse is still None here
    v: dict[str, Any] = {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
    }
    if isinstance(obj, ApplicationBudgetLine):
        if v["cost"] is not None and v["grant_requested"] is not None:
            if v["grant_requested"] > v["cost"]:
                errors["grant_requested"] = [
                    _("Il contributo richiesto non può superare il costo della voce.")
                ]
            obj.cofinancing = v["cost"] - v["grant_requested"]
        if v["cost"] is not None and v["cost"] <= 0:
            errors["cost"] = [_("Il costo deve essere maggiore di zero.")]
        if obj.cofinancing and not obj.cofinancing_source:
            errors["cofinancing_source"] = [
                _("Indicare da dove viene il cofinanziamento di questa voce.")
            ]
        if not obj.cofinancing:
            obj.cofinancing_source = ""
    if (
        isinstance(obj, ApplicationAction)
        and v["starts_on"] is not None
        and v["ends_on"] is not None
        and v["ends_on"] < v["starts_on"]
    ):
        errors["ends_on"] = [_("La fine dell'azione non può precedere l'inizio.")]
    try:
        obj.full_clean(
            exclude=["application"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    organisation_id = v.get("responsible_id") or v.get("organisation_id")
    if organisation_id is not None and organisation_id not in partner_ids:
        name = "responsible" if isinstance(obj, ApplicationAction) else "organisation"
        errors.setdefault(name, []).append(
            _("Scegliere un partner attuale dell'alleanza.")
        )
    return errors


def _general_snapshot(application: Application, areas: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(application, name) for name in GENERAL_FIELDS if name != "areas"
    }
    values["areas"] = sorted(area.number for area in areas)
    return values


def _row_text(obj: models.Model) -> str:
    _model, fields = next(v for v in ROW_KINDS.values() if isinstance(obj, v[0]))
    parts = []
    for name in fields:
        field = obj._meta.get_field(name)
        value = getattr(obj, field.attname)  # type: ignore[union-attr]
        parts.append(f"{name}={value}")
    return "; ".join(parts)
