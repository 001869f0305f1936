"""Writes of the local alliances and their partners: each one is checked,
validated, audited, and invalidates the public pages once committed
(alliances, partners and their contributions are public data)."""

from datetime import date
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import DocumentMetadata, document_store
from conciliare.partnerships.models import Alliance, Partner, PartnerRole
from conciliare.registry.models import Organisation
from conciliare.territory.models import Ambito, ProgrammingPeriod

#: What people edit about an alliance (the form and the services agree).
ALLIANCE_FIELDS = (
    "name",
    "description",
    "periods",
    "ambiti",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "is_open_to_partners",
)
_ALLIANCE_TEXT_FIELDS = frozenset(
    {"name", "description", "website", "contact_name", "contact_email", "contact_phone"}
)
_ALLIANCE_M2M_FIELDS = ("periods", "ambiti")
#: What an organisation brings to an alliance (Partner and PartnerRequest).
CONTRIBUTION_FIELDS = (
    "technical_contribution",
    "content_contribution",
    "economic_contribution",
    "economic_contribution_note",
)
_SLUG_MAX_LENGTH = 120


class DocumentData(TypedDict, total=False):
    """What people type about a document attached to an alliance."""

    title: str
    kind: str
    act_number: str
    act_date: date | None
    valid_from: date
    valid_until: date | None
    is_public: bool


# -- alliances ----------------------------------------------------------------


@transaction.atomic
def alliance_create(
    *, actor: User, ats: Any, lead: Organisation, data: dict[str, Any]
) -> Alliance:
    """Found an alliance of ``ats`` led by ``lead``; its lead Partner row
    joins today. An ATS officer (of ``ats``), a regional officer or a
    representative of ``lead`` may do it.

    Raises PermissionDenied, or ValidationError keyed by field (nothing saved).
    """
    ensure_perm(actor, "partnerships.add_alliance")
    alliance = Alliance(ats=ats, lead=lead)
    ensure_perm(actor, "partnerships.add_alliance", alliance)
    _apply(alliance, data)
    _validate(alliance, data)
    alliance.slug = _free_slug(alliance)
    _insert(alliance)
    alliance.periods.set(data["periods"])
    alliance.ambiti.set(data.get("ambiti") or [])
    Partner.objects.create(
        alliance=alliance,
        organisation=lead,
        role=PartnerRole.LEAD,
        joined_on=timezone.localdate(),
    )
    event_record(
        actor=actor,
        verb="alliance.create",
        target=alliance,
        changes=changes_between(
            {},
            {
                key: value
                for key, value in {
                    **_snapshot(alliance),
                    **_m2m_snapshot(data, keys=data),
                    "lead": lead.legal_name,
                }.items()
                if value != ""
            },
        ),
    )
    transaction.on_commit(public_cache_invalidate)
    mail_on_commit(
        _("Nuova alleanza locale: %(name)s") % {"name": alliance.name},
        _(
            "%(person)s ha registrato su Conciliare l'alleanza locale «%(name)s» "
            "dell'%(ats)s, con capofila %(lead)s."
        )
        % {
            "person": actor,
            "name": alliance.name,
            "ats": alliance.ats,
            "lead": lead.legal_name,
        },
        [alliance.ats.email, alliance.contact_email],
    )
    return alliance


@transaction.atomic
def alliance_update(
    *, actor: User, alliance: Alliance, data: dict[str, Any]
) -> Alliance:
    """Change an alliance's data (only the keys in ``data``; its address, ATS
    and lead stay). Nothing is written or audited when nothing changes."""
    alliance = alliance_lock(alliance)
    ensure_perm(actor, "partnerships.change_alliance", alliance)
    current_m2m: dict[str, list[Any]] = {
        "periods": list(alliance.periods.all()),
        "ambiti": [],
    }
    if "ambiti" in data:
        current_m2m["ambiti"] = list(alliance.ambiti.all())
    before = {**_snapshot(alliance), **_m2m_snapshot(current_m2m, keys=data)}
    _apply(alliance, data)
    _validate(alliance, {**current_m2m, "ambiti": [], **data})
    after = {**_snapshot(alliance), **_m2m_snapshot(data, keys=data)}
    changes = changes_between(before, after)
    if not changes:
        return alliance
    fields = [f for f in data if f not in _ALLIANCE_M2M_FIELDS]
    alliance.save(update_fields=[*fields, "updated_at"])
    for name in _ALLIANCE_M2M_FIELDS:
        if name in data:
            getattr(alliance, name).set(data[name] or [])
    event_record(actor=actor, verb="alliance.update", target=alliance, changes=changes)
    transaction.on_commit(public_cache_invalidate)
    return alliance


@transaction.atomic
def alliance_lead_change(
    *, actor: User, alliance: Alliance, partner: Partner
) -> Alliance:
    """Make ``partner`` (a current partner) the lead body of ``alliance``;
    the former lead stays in the alliance as a partner."""
    alliance = alliance_lock(alliance)
    ensure_perm(actor, "partnerships.change_alliance_lead", alliance)
    partner = _partner_lock(partner)
    if partner.alliance_id != alliance.pk or not partner.is_current:
        raise ValidationError(
            {"partner": _("Scegliere il nuovo capofila tra i partner attuali.")}
        )
    if partner.role == PartnerRole.LEAD:
        raise ValidationError({"partner": _("Questo ente è già il capofila.")})
    former = alliance.lead
    Partner.objects.filter(
        alliance=alliance, role=PartnerRole.LEAD, left_on__isnull=True
    ).update(role=PartnerRole.PARTNER, updated_at=timezone.now())
    partner.role = PartnerRole.LEAD
    partner.save(update_fields=["role", "updated_at"])
    alliance.lead = partner.organisation
    alliance.save(update_fields=["lead", "updated_at"])
    event_record(
        actor=actor,
        verb="alliance.lead_change",
        target=alliance,
        changes={"lead": [former.legal_name, partner.organisation.legal_name]},
    )
    transaction.on_commit(public_cache_invalidate)
    return alliance


def alliance_lock(alliance: Alliance) -> Alliance:
    """The alliance re-read and locked until the transaction ends."""
    return (
        Alliance.objects.select_for_update(of=("self",))
        .select_related("ats", "lead")
        .get(pk=alliance.pk)
    )


# -- partners -----------------------------------------------------------------


@transaction.atomic
def partner_add(
    *,
    actor: User,
    alliance: Alliance,
    organisation: Organisation,
    data: dict[str, Any],
) -> Partner:
    """Add ``organisation`` (of the registry) to ``alliance`` as a partner,
    with its contribution; ``data["joined_on"]`` defaults to today."""
    alliance = alliance_lock(alliance)
    ensure_perm(actor, "partnerships.manage_partners", alliance)
    partner = Partner(
        alliance=alliance,
        organisation=organisation,
        role=PartnerRole.PARTNER,
        joined_on=data.get("joined_on") or timezone.localdate(),
    )
    contribution_apply(partner, data)
    errors = _partner_errors(partner)
    if partner_is_current(alliance=alliance, organisation=organisation):
        errors.setdefault("organisation", []).append(
            already_partner_message(organisation)
        )
    if errors:
        raise ValidationError(errors)
    partner_insert(partner)
    event_record(
        actor=actor,
        verb="partner.add",
        target=partner,
        changes=changes_between({}, _partner_snapshot(partner)),
    )
    transaction.on_commit(public_cache_invalidate)
    return partner


@transaction.atomic
def partner_update_contribution(
    *, actor: User, partner: Partner, data: dict[str, Any]
) -> Partner:
    """Change what a partner brings (and, in ``data["joined_on"]``, since
    when it is in the alliance)."""
    partner = _partner_lock(partner)
    ensure_perm(actor, "partnerships.manage_partners", partner.alliance)
    before = _partner_snapshot(partner)
    contribution_apply(partner, data)
    if data.get("joined_on"):
        partner.joined_on = data["joined_on"]
    errors = _partner_errors(partner)
    if errors:
        raise ValidationError(errors)
    changes = changes_between(before, _partner_snapshot(partner))
    if not changes:
        return partner
    partner.save()
    event_record(actor=actor, verb="partner.update", target=partner, changes=changes)
    transaction.on_commit(public_cache_invalidate)
    return partner


@transaction.atomic
def partner_end(*, actor: User, partner: Partner, left_on: date) -> Partner:
    """The partner leaves the alliance on ``left_on`` (today or earlier).

    The lead body cannot leave while it leads: another lead comes first.
    """
    partner = _partner_lock(partner)
    ensure_perm(actor, "partnerships.manage_partners", partner.alliance)
    if not partner.is_current:
        raise ApplicationError(
            _("%(organisation)s è già uscito dall'alleanza.")
            % {"organisation": partner.organisation.legal_name}
        )
    if partner.role == PartnerRole.LEAD:
        raise ApplicationError(
            _(
                "L'ente capofila non può lasciare l'alleanza finché ne è il "
                "capofila: indicare prima un nuovo capofila tra i partner."
            ),
            field="left_on",
        )
    if left_on < partner.joined_on:
        raise ValidationError(
            {
                "left_on": _(
                    "La data di uscita non può precedere l'ingresso "
                    "nell'alleanza (%(joined)s)."
                )
                % {"joined": partner.joined_on.strftime("%d/%m/%Y")}
            }
        )
    if left_on > timezone.localdate():
        raise ValidationError(
            {"left_on": _("La data di uscita non può essere nel futuro.")}
        )
    partner.left_on = left_on
    partner.save(update_fields=["left_on", "updated_at"])
    event_record(
        actor=actor,
        verb="partner.end",
        target=partner,
        changes={"left_on": [None, left_on.isoformat()]},
    )
    transaction.on_commit(public_cache_invalidate)
    return partner


def partner_is_current(*, alliance: Alliance, organisation: Organisation) -> bool:
    return Partner.objects.filter(
        alliance=alliance, organisation=organisation, left_on__isnull=True
    ).exists()


def already_partner_message(organisation: Organisation) -> str:
    return _("%(organisation)s è già partner di questa alleanza.") % {
        "organisation": organisation.legal_name
    }


def partner_insert(partner: Partner) -> None:
    """Insert; a concurrent insert of the same current partner becomes the
    same clear error as the check before it."""
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        if partner_is_current(
            alliance=partner.alliance, organisation=partner.organisation
        ):
            raise ValidationError(
                {"organisation": already_partner_message(partner.organisation)}
            ) from None
        raise


# -- documents ----------------------------------------------------------------


@transaction.atomic
def alliance_document_attach(
    *,
    actor: User,
    alliance: Alliance,
    data: DocumentData,
    file: "File[bytes]",
    as_agreement: bool = False,
) -> Document:
    """Store ``file`` as a document of ``alliance`` (its ATS's document).

    With ``as_agreement`` it is the partnership agreement (kind AGREEMENT)
    and becomes ``alliance.agreement``; the agreement it replaces stays
    among the alliance's documents. Raises ValidationError (nothing saved).
    """
    alliance = alliance_lock(alliance)
    ensure_perm(actor, "partnerships.attach_alliance_document", alliance)
    metadata: DocumentMetadata = {
        "title": (data.get("title") or "").strip(),
        "kind": DocumentKind.AGREEMENT if as_agreement else data.get("kind", ""),
        "act_number": (data.get("act_number") or "").strip(),
        "act_date": data.get("act_date"),
        "valid_from": data.get("valid_from") or timezone.localdate(),
        "valid_until": data.get("valid_until"),
        "is_public": bool(data.get("is_public")),
        "ats": alliance.ats,
        "period": None,
    }
    document = document_store(
        actor=actor,
        data=metadata,
        file=file,
        note=_("Documento dell'alleanza «%(name)s»") % {"name": alliance.name},
    )
    if as_agreement:
        former = alliance.agreement
        alliance.agreement = document
        alliance.save(update_fields=["agreement", "updated_at"])
        if former is not None:
            alliance.documents.add(former)
        changes = {
            "agreement": [str(former) if former else None, str(document)],
        }
        verb = "alliance.agreement_attach"
    else:
        alliance.documents.add(document)
        changes = {"documents": [None, str(document)]}
        verb = "alliance.document_attach"
    event_record(actor=actor, verb=verb, target=alliance, changes=changes)
    transaction.on_commit(public_cache_invalidate)
    return document


# -- helpers ------------------------------------------------------------------


def _apply(alliance: Alliance, data: dict[str, Any]) -> None:
    unknown = set(data) - set(ALLIANCE_FIELDS)
    if unknown:
        raise ValueError(f"not alliance fields: {sorted(unknown)}")
    for name, value in data.items():
        if name in _ALLIANCE_M2M_FIELDS:
            continue
        if name in _ALLIANCE_TEXT_FIELDS:
            value = (value or "").strip()
        setattr(alliance, name, value)


def _validate(alliance: Alliance, data: dict[str, Any]) -> None:
    """``full_clean`` plus the rules that span rows: a name not used by
    another alliance of the ATS, at least one period, ambiti of the ATS."""
    errors: dict[str, list[str]] = {}
    if alliance.name and (
        Alliance.objects.filter(ats_id=alliance.ats_id, name__iexact=alliance.name)
        .exclude(pk=alliance.pk)
        .exists()
    ):
        errors["name"] = [
            _("Esiste già un'alleanza con questo nome nell'ATS: sceglierne un altro.")
        ]
    periods: list[ProgrammingPeriod] = list(data.get("periods") or [])
    if not periods:
        errors["periods"] = [_("Indicare almeno un periodo di programmazione.")]
    ambiti: list[Ambito] = list(data.get("ambiti") or [])
    outside = [a.name for a in ambiti if a.ats_id != alliance.ats_id]
    if outside:
        errors["ambiti"] = [
            _("Questi ambiti non appartengono all'ATS dell'alleanza: %(names)s.")
            % {"names": ", ".join(outside)}
        ]
    try:
        alliance.full_clean(
            exclude=[*errors, "slug", "agreement"], validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _free_slug(alliance: Alliance) -> str:
    """The name as an address, with ``-2``, ``-3``… when the ATS has it."""
    base = slugify(alliance.name)[: _SLUG_MAX_LENGTH - 6].strip("-") or "alleanza"
    taken = set(
        Alliance.objects.filter(
            ats_id=alliance.ats_id, slug__startswith=base
        ).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _insert(alliance: Alliance) -> None:
    """Insert; when a concurrent writer took the address, take the next one."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                alliance.save()
        except IntegrityError:
            if not Alliance.objects.filter(
                ats_id=alliance.ats_id, slug=alliance.slug
            ).exists():
                raise
            alliance.slug = _free_slug(alliance)
        else:
            return
    raise ApplicationError(
        _("Impossibile registrare l'alleanza ora: riprovare tra qualche istante.")
    )


def _snapshot(alliance: Alliance) -> dict[str, Any]:
    return {
        name: getattr(alliance, name)
        for name in ALLIANCE_FIELDS
        if name not in _ALLIANCE_M2M_FIELDS
    }


def _m2m_snapshot(data: dict[str, Any], *, keys: Any) -> dict[str, Any]:
    """The many-to-many values of ``data`` named in ``keys``, as text."""
    return {
        name: ", ".join(sorted(str(o) for o in data[name] or []))
        for name in _ALLIANCE_M2M_FIELDS
        if name in keys
    }


def contribution_apply(target: Model, data: dict[str, Any]) -> None:
    """Copy the contribution fields of ``data`` onto a Partner or a request."""
    for name in CONTRIBUTION_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name != "economic_contribution":
            value = (value or "").strip()
        setattr(target, name, value)


def contribution_errors(target: Model) -> dict[str, list[str]]:
    """The errors of the contribution fields the model cannot see alone (its
    database constraint refuses a negative amount)."""
    amount = getattr(target, "economic_contribution", None)
    if amount is not None and amount < 0:
        return {"economic_contribution": [_("L'importo non può essere negativo.")]}
    return {}


def _partner_errors(partner: Partner) -> dict[str, list[str]]:
    errors = contribution_errors(partner)
    if partner.joined_on > timezone.localdate():
        errors["joined_on"] = [_("La data di ingresso non può essere nel futuro.")]
    if partner.left_on is not None and partner.left_on < partner.joined_on:
        errors["joined_on"] = [
            _("La data di ingresso non può seguire la data di uscita.")
        ]
    try:
        partner.full_clean(exclude=[*errors], validate_constraints=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    return errors


def _partner_snapshot(partner: Partner) -> dict[str, Any]:
    values: dict[str, Any] = {
        "organisation": partner.organisation.legal_name,
        "role": partner.role,
        "joined_on": partner.joined_on.isoformat(),
    }
    for name in CONTRIBUTION_FIELDS:
        value = getattr(partner, name)
        values[name] = str(value) if value is not None else value
    return values


def _partner_lock(partner: Partner) -> Partner:
    return (
        Partner.objects.select_for_update(of=("self",))
        .select_related("alliance__ats", "alliance__lead", "organisation")
        .get(pk=partner.pk)
    )
