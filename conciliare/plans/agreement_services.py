"""The agreements (convenzioni) of a plan: its template, one agreement per
funded project with its instalments and deadlines, and the signature.

The template belongs to the plan (one per plan, created from
``agreement_defaults`` on first use); an ATS officer edits it while none of
the plan's agreements is signed, and the agreements still to be signed
follow it. Each agreement's PDF is produced by the worker after the commit
(``agreement_tasks``).
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.money import CENT, euro
from conciliare.core.permissions import ensure_perm
from conciliare.documents.filetypes import P7M, PDF
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.documents.validators import validate_upload
from conciliare.plans.agreement_defaults import (
    DEFAULT_ADVANCE_SHARE,
    DEFAULT_BODY,
    DEFAULT_FINAL_REPORT_DAYS,
    DEFAULT_INTERIM_REPORT_MONTHS,
    DEFAULT_REMINDER_DAYS_AFTER,
    DEFAULT_REMINDER_DAYS_BEFORE,
    DEFAULT_SAMPLE_SHARE,
    PLACEHOLDERS,
)
from conciliare.plans.models import (
    Agreement,
    AgreementDeadline,
    AgreementInstalment,
    AgreementStatus,
    AgreementTemplate,
    DeadlineKind,
    InstalmentKind,
    MilestoneKind,
    MonitoringMilestone,
    PlanProject,
    PlanStatus,
    PlanVersion,
    TerritorialPlan,
)
from conciliare.projects.models import Project, ProjectStatus
from conciliare.territory.models import ATS

#: Plan versions agreements may be generated from: approved by the ATS at least.
GENERATING_STATUSES = frozenset(
    {PlanStatus.APPROVED, PlanStatus.SENT, PlanStatus.VALIDATED}
)
#: ``{name}``, also written with spaces inside the braces.
_PLACEHOLDER = re.compile(r"\{\s*([^{}]*?)\s*\}")
_HUNDRED = Decimal(100)


class TemplateData(TypedDict):
    body: str
    advance_share: Decimal
    interim_report_months: int
    final_report_days: int
    sample_share: Decimal
    reminder_days_before: int
    reminder_days_after: int


TEMPLATE_FIELDS: tuple[str, ...] = tuple(TemplateData.__annotations__)


# -- the text ------------------------------------------------------------------


def placeholders_unknown(body: str) -> list[str]:
    """The placeholders of ``body`` that are not in ``PLACEHOLDERS``, in order."""
    unknown: list[str] = []
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1)
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    return unknown


def placeholders_unknown_message(unknown: list[str]) -> str:
    return _(
        "Segnaposto sconosciuto: %(names)s. Segnaposto disponibili: %(available)s."
    ) % {
        "names": ", ".join(f"{{{name}}}" for name in unknown),
        "available": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
    }


def body_render(body: str, values: dict[str, str]) -> str:
    """``body`` with each known placeholder replaced by its value."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return values[name] if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, body)


# -- the payment schedule and the deadlines --------------------------------------


@dataclass(frozen=True)
class InstalmentPlan:
    kind: str
    share: Decimal
    amount: Decimal
    condition: str


def instalments_split(
    *, grant: Decimal, advance_share: Decimal
) -> list[InstalmentPlan]:
    """The advance (``advance_share`` percent of ``grant``, rounded half-up to
    the cent) and the balance (the rest, so the two add up to ``grant``
    exactly); a single instalment when the share is 0 or 100."""
    grant = grant.quantize(CENT)
    advance = (grant * advance_share / _HUNDRED).quantize(CENT, ROUND_HALF_UP)
    balance = grant - advance
    with override("it"):
        on_signature = _("alla sottoscrizione della convenzione")
        on_final_report = _("all'approvazione della rendicontazione finale")
    instalments: list[InstalmentPlan] = []
    if advance > 0 or balance == 0:
        instalments.append(
            InstalmentPlan(
                InstalmentKind.ADVANCE,
                advance_share if balance else _HUNDRED,
                advance,
                on_signature,
            )
        )
    if balance > 0:
        instalments.append(
            InstalmentPlan(
                InstalmentKind.BALANCE,
                _HUNDRED - advance_share if advance else _HUNDRED,
                balance,
                on_final_report,
            )
        )
    return instalments


@dataclass(frozen=True)
class DeadlinePlan:
    kind: str
    due_on: date
    description: str


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def deadlines_plan(
    *,
    template: AgreementTemplate,
    project: Project,
    milestones: list[MonitoringMilestone],
    signed_on: date | None = None,
) -> list[DeadlinePlan]:
    """The report deadlines of ``project``: the plan's monitoring milestones
    (interim and final report) where the plan has them; otherwise the
    template's: the interim report ``interim_report_months`` after the
    signature (after the start of the project until it is signed), the final
    one ``final_report_days`` after the end of the activities."""
    deadlines: list[DeadlinePlan] = []
    with override("it"):
        for kind, milestone_kind in (
            (DeadlineKind.INTERIM_REPORT, MilestoneKind.INTERIM_REPORT),
            (DeadlineKind.FINAL_REPORT, MilestoneKind.FINAL_REPORT),
        ):
            planned = [m for m in milestones if m.kind == milestone_kind]
            deadlines.extend(
                DeadlinePlan(
                    kind,
                    milestone.due_on,
                    (
                        milestone.description
                        or _("Scadenza di monitoraggio del Piano Territoriale")
                    )[:255],
                )
                for milestone in planned
            )
            if planned:
                continue
            if kind == DeadlineKind.INTERIM_REPORT:
                start = signed_on or project.starts_on or timezone.localdate()
                deadlines.append(
                    DeadlinePlan(
                        kind,
                        months_after(start, template.interim_report_months),
                        _("%(months)s mesi dalla sottoscrizione della convenzione")
                        % {"months": template.interim_report_months}
                        if signed_on or not project.starts_on
                        else _("%(months)s mesi dall'avvio del progetto")
                        % {"months": template.interim_report_months},
                    )
                )
            else:
                end = (
                    project.ends_on
                    or project.period.activities_end_by
                    or project.period.ends_on
                )
                deadlines.append(
                    DeadlinePlan(
                        kind,
                        end + timedelta(days=template.final_report_days),
                        _("%(days)s giorni dalla conclusione delle attività")
                        % {"days": template.final_report_days},
                    )
                )
    return sorted(deadlines, key=lambda d: (d.due_on, d.kind))


# -- the template ------------------------------------------------------------------


def agreement_template_for(*, plan: TerritorialPlan) -> AgreementTemplate:
    """The plan's template, created from the default text on first use."""
    template, _created = AgreementTemplate.objects.get_or_create(
        plan=plan,
        defaults={
            "body": DEFAULT_BODY,
            "advance_share": DEFAULT_ADVANCE_SHARE,
            "interim_report_months": DEFAULT_INTERIM_REPORT_MONTHS,
            "final_report_days": DEFAULT_FINAL_REPORT_DAYS,
            "sample_share": DEFAULT_SAMPLE_SHARE,
            "reminder_days_before": DEFAULT_REMINDER_DAYS_BEFORE,
            "reminder_days_after": DEFAULT_REMINDER_DAYS_AFTER,
        },
    )
    return template


def plan_has_signed_agreement(plan: TerritorialPlan) -> bool:
    return Agreement.objects.filter(
        plan_version__plan=plan, status=AgreementStatus.SIGNED
    ).exists()


@transaction.atomic
def agreement_template_update(
    *, actor: User, plan: TerritorialPlan, data: TemplateData
) -> AgreementTemplate:
    """Change the plan's template; the agreements still to be signed follow it.

    Refused (ApplicationError) once an agreement of the plan is signed;
    ValidationError beside the field for an unknown placeholder or a share
    outside 0-100."""
    ensure_perm(actor, "plans.manage_agreements", plan)
    TerritorialPlan.objects.select_for_update(of=("self",)).get(pk=plan.pk)
    if plan_has_signed_agreement(plan):
        raise ApplicationError(
            _(
                "Lo schema non può più essere modificato: una convenzione del "
                "piano è già stata sottoscritta."
            )
        )
    template = agreement_template_for(plan=plan)
    template = AgreementTemplate.objects.select_for_update(of=("self",)).get(
        pk=template.pk
    )
    before = {field: getattr(template, field) for field in TEMPLATE_FIELDS}
    for field in TEMPLATE_FIELDS:
        setattr(template, field, data[field])  # type: ignore[literal-required]
    template_validate(template)
    changes = changes_between(
        before, {field: getattr(template, field) for field in TEMPLATE_FIELDS}
    )
    if not changes:
        return template
    template.save()
    event_record(
        actor=actor, verb="agreement_template.update", target=template, changes=changes
    )
    drafts = Agreement.objects.filter(
        plan_version__plan=plan, status=AgreementStatus.DRAFT
    ).select_related("plan_version")
    for agreement in drafts:
        row = PlanProject.objects.filter(
            version=agreement.plan_version, project_id=agreement.project_id
        ).first()
        if row is not None:
            _agreement_fill(
                actor=actor,
                agreement=agreement,
                row=row,
                template=template,
                milestones=list(agreement.plan_version.milestones.all()),
            )
    return template


def template_validate(template: AgreementTemplate) -> None:
    """ValidationError per field: unknown placeholders by name, the share
    within 0-100, and the model's own checks."""
    errors: dict[str, list[str]] = {}
    unknown = placeholders_unknown(template.body or "")
    if unknown:
        errors["body"] = [placeholders_unknown_message(unknown)]
    share = template.advance_share
    if not Decimal(0) <= share <= _HUNDRED:
        errors["advance_share"] = [
            _("L'anticipo è una percentuale del contributo, tra 0 e 100.")
        ]
    try:
        template.full_clean(exclude=[*errors, "plan"])
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


# -- generation ------------------------------------------------------------------


@transaction.atomic
def agreements_generate(*, actor: User, version: PlanVersion) -> list[Agreement]:
    """One agreement per funded project of ``version`` that has none; the
    ones still to be signed are brought up to date with the version and the
    template. Returns the new agreements (none when run again).

    The version must be approved (sent or validated will do too)."""
    ensure_perm(actor, "plans.manage_agreements", version)
    version = (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__ats", "plan__period")
        .get(pk=version.pk)
    )
    if version.status not in GENERATING_STATUSES:
        raise ApplicationError(
            _(
                "Le convenzioni si predispongono da un piano approvato dall'ATS: "
                "questa versione è «%(status)s»."
            )
            % {"status": version.get_status_display()}
        )
    plan = version.plan
    ats = ATS.objects.select_for_update().get(pk=plan.ats_id)  # numbering
    template = agreement_template_for(plan=plan)
    milestones = list(version.milestones.all())
    rows = list(
        version.funded_projects.filter(grant__gt=0)
        .select_related(
            "project__alliance__lead", "project__period", "project__agreement"
        )
        .order_by("position", "pk")
    )
    # numbered in the year of the plan's act (of the generation without one)
    year = (version.act_date or timezone.localdate()).year
    prefix = f"CONV-{ats.code}-{year}-"
    next_number = _last_number(prefix) + 1
    created: list[Agreement] = []
    for row in rows:
        existing = getattr(row.project, "agreement", None)
        if existing is not None:
            if existing.status == AgreementStatus.DRAFT:
                _agreement_fill(
                    actor=actor,
                    agreement=existing,
                    row=row,
                    template=template,
                    milestones=milestones,
                )
            continue
        agreement = Agreement(
            project=row.project,
            plan_version=version,
            ats=ats,
            number=f"{prefix}{next_number:02d}",
            grant=row.grant,
            created_by=actor,
        )
        next_number += 1
        _agreement_fill(
            actor=actor,
            agreement=agreement,
            row=row,
            template=template,
            milestones=milestones,
        )
        created.append(agreement)
    return created


def _last_number(prefix: str) -> int:
    numbers = Agreement.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    )
    last = 0
    for number in numbers:
        suffix = number.removeprefix(prefix)
        if suffix.isdigit():
            last = max(last, int(suffix))
    return last


def _body_values(
    *, row: PlanProject, version: PlanVersion, instalments: list[InstalmentPlan]
) -> dict[str, str]:
    amounts = {i.kind: i.amount for i in instalments}
    project = row.project
    with override("it"):
        act = (
            _("atto n. %(number)s del %(date)s")
            % {"number": version.act_number, "date": f"{version.act_date:%d/%m/%Y}"}
            if version.act_number and version.act_date
            else _("atto di approvazione del Piano")
        )
        return {
            "capofila": project.alliance.lead.legal_name,
            "alleanza": project.alliance.name,
            "progetto": project.title,
            "codice": project.code,
            "contributo": euro(row.grant),
            "anticipo": euro(amounts.get(InstalmentKind.ADVANCE, Decimal(0))),
            "saldo": euro(amounts.get(InstalmentKind.BALANCE, Decimal(0))),
            "ats": version.plan.ats.name,
            "piano": version.plan.title,
            "atto": act,
        }


def _agreement_fill(
    *,
    actor: User,
    agreement: Agreement,
    row: PlanProject,
    template: AgreementTemplate,
    milestones: list[MonitoringMilestone],
) -> None:
    """Write the agreement's grant, text, instalments and deadlines from
    ``row`` and ``template`` (a new agreement is saved; an existing draft only
    when something changed, then its PDF is produced again)."""
    version = row.version
    instalments = instalments_split(
        grant=row.grant, advance_share=template.advance_share
    )
    deadlines = deadlines_plan(
        template=template, project=row.project, milestones=milestones
    )
    body = body_render(
        template.body,
        _body_values(row=row, version=version, instalments=instalments),
    )
    is_new = agreement.pk is None
    if not is_new:
        same = (
            agreement.plan_version_id == version.pk
            and agreement.grant == row.grant
            and agreement.body == body
            and _stored_instalments(agreement) == _planned_instalments(instalments)
            and _stored_deadlines(agreement) == _planned_deadlines(deadlines)
        )
        if same:
            return
    before = {"grant": agreement.grant, "plan_version": agreement.plan_version_id}
    agreement.plan_version = version
    agreement.grant = row.grant
    agreement.body = body
    agreement.document = None
    agreement.save()
    agreement.instalments.all().delete()
    AgreementInstalment.objects.bulk_create(
        AgreementInstalment(
            agreement=agreement,
            position=position,
            kind=instalment.kind,
            share=instalment.share,
            amount=instalment.amount,
            condition=instalment.condition,
        )
        for position, instalment in enumerate(instalments, start=1)
    )
    _deadlines_replace(agreement, deadlines)
    if is_new:
        event_record(
            actor=actor,
            verb="agreement.generate",
            target=agreement,
            to_state=agreement.status,
            changes={"grant": [None, str(agreement.grant)]},
            note=str(version),
        )
    else:
        event_record(
            actor=actor,
            verb="agreement.refresh",
            target=agreement,
            changes=changes_between(
                before,
                {"grant": agreement.grant, "plan_version": agreement.plan_version_id},
            ),
            note=str(version),
        )
    _pdf_on_commit(agreement.pk)


def _deadlines_replace(agreement: Agreement, deadlines: list[DeadlinePlan]) -> None:
    agreement.deadlines.all().delete()
    AgreementDeadline.objects.bulk_create(
        AgreementDeadline(
            agreement=agreement,
            kind=deadline.kind,
            due_on=deadline.due_on,
            description=deadline.description,
        )
        for deadline in deadlines
    )


def _stored_instalments(agreement: Agreement) -> list[tuple[Any, ...]]:
    return [
        (i.kind, i.share, i.amount, i.condition)
        for i in agreement.instalments.order_by("position")
    ]


def _planned_instalments(instalments: list[InstalmentPlan]) -> list[tuple[Any, ...]]:
    return [(i.kind, i.share, i.amount, i.condition) for i in instalments]


def _stored_deadlines(agreement: Agreement) -> list[tuple[Any, ...]]:
    return sorted((d.due_on, d.kind, d.description) for d in agreement.deadlines.all())


def _planned_deadlines(deadlines: list[DeadlinePlan]) -> list[tuple[Any, ...]]:
    return sorted((d.due_on, d.kind, d.description) for d in deadlines)


def _pdf_on_commit(agreement_pk: int) -> None:
    from conciliare.plans.agreement_tasks import agreement_pdf_task

    transaction.on_commit(lambda: agreement_pdf_task.enqueue(agreement_pk))


# -- signature ---------------------------------------------------------------------

_SIGNED_TYPES = frozenset({PDF.mime_type, P7M.mime_type})


@transaction.atomic
def agreement_sign(
    *,
    actor: User,
    agreement: Agreement,
    signed_on: date | None,
    signed_file: "File[bytes] | None",
) -> Agreement:
    """Record the signature: the signed file stored as a private document,
    the agreement signed, the project moved to «convenzione sottoscritta»,
    the lead body told by e-mail.

    Only an officer of the agreement's ATS, once the plan version is
    validated by the Region; ``signed_on`` neither in the future nor before
    the plan's approval act."""
    ensure_perm(actor, "plans.sign_agreement", agreement)
    agreement = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related(
            "plan_version__plan__period",
            "project__alliance__lead",
            "project__period",
            "ats",
        )
        .get(pk=agreement.pk)
    )
    version = agreement.plan_version
    if agreement.status != AgreementStatus.DRAFT:
        raise ApplicationError(_("La convenzione è già stata sottoscritta."))
    if version.status != PlanStatus.VALIDATED:
        raise ApplicationError(
            _(
                "La convenzione si sottoscrive dopo la validazione del piano da "
                "parte di Regione Lombardia: il piano è «%(status)s»."
            )
            % {"status": version.get_status_display()}
        )
    signed_on, signed_file = _signature_validate(
        version=version, signed_on=signed_on, signed_file=signed_file
    )
    with override("it"):
        title = _("Convenzione %(number)s sottoscritta") % {"number": agreement.number}
    try:
        document = document_store(
            actor=actor,
            data={
                "title": title,
                "kind": DocumentKind.AGREEMENT,
                "act_number": agreement.number,
                "act_date": signed_on,
                "valid_from": signed_on,
                "is_public": False,
                "ats": agreement.ats,
                "period": version.plan.period,
            },
            file=signed_file,
            note=title,
        )
    except ValidationError as exc:
        raise ValidationError({"signed_file": exc.messages}) from exc

    from_state = agreement.status
    agreement.transition_to(AgreementStatus.SIGNED)
    agreement.signed_on = signed_on
    agreement.signed_document = document
    agreement.signed_recorded_by = actor
    agreement.save(
        update_fields=[
            "status",
            "signed_on",
            "signed_document",
            "signed_recorded_by",
            "updated_at",
        ]
    )
    # the interim report counts from the signature when the plan has no date
    _deadlines_replace(
        agreement,
        deadlines_plan(
            template=agreement_template_for(plan=version.plan),
            project=agreement.project,
            milestones=list(version.milestones.all()),
            signed_on=signed_on,
        ),
    )
    event_record(
        actor=actor,
        verb="agreement.sign",
        target=agreement,
        from_state=from_state,
        to_state=agreement.status,
        changes={"signed_on": [None, signed_on.isoformat()]},
        note=document.original_filename,
    )

    project = Project.objects.select_for_update(of=("self",)).get(
        pk=agreement.project_id
    )
    project_from = project.status
    project.transition_to(ProjectStatus.AGREEMENT_SIGNED)
    project.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="project.agreement_signed",
        target=project,
        from_state=project_from,
        to_state=project.status,
        note=agreement.number,
    )
    _signature_notify(agreement)
    return agreement


def _signature_validate(
    *,
    version: PlanVersion,
    signed_on: date | None,
    signed_file: "File[bytes] | None",
) -> tuple[date, "File[bytes]"]:
    """The date and the file, or ValidationError beside each one refused."""
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    approved_on = version.act_date or (
        timezone.localdate(version.approved_at) if version.approved_at else None
    )
    if signed_on is None:
        errors["signed_on"] = [_("Indicare la data di sottoscrizione.")]
    elif signed_on > today:
        errors["signed_on"] = [_("La data di sottoscrizione non può essere futura.")]
    elif approved_on is not None and signed_on < approved_on:
        errors["signed_on"] = [
            _(
                "La data di sottoscrizione non può precedere l'approvazione del "
                "piano (%(date)s)."
            )
            % {"date": f"{approved_on:%d/%m/%Y}"}
        ]
    if signed_file is None:
        errors["signed_file"] = [
            _("Allegare la convenzione sottoscritta (PDF o PDF firmato .p7m).")
        ]
    else:
        try:
            file_type = validate_upload(signed_file)
        except ValidationError as exc:
            errors["signed_file"] = exc.messages
        else:
            if file_type.mime_type not in _SIGNED_TYPES:
                errors["signed_file"] = [
                    _(
                        "La convenzione sottoscritta deve essere un PDF o un PDF "
                        "firmato digitalmente (.p7m)."
                    )
                ]
    if errors or signed_on is None or signed_file is None:
        raise ValidationError(errors)
    return signed_on, signed_file


def _signature_notify(agreement: Agreement) -> None:
    alliance = agreement.project.alliance
    with override("it"):
        subject = _("Convenzione %(number)s sottoscritta") % {
            "number": agreement.number
        }
        body = _(
            "La convenzione %(number)s tra %(ats)s e %(lead)s per il progetto "
            "«%(project)s» è stata sottoscritta il %(date)s.\n\n"
            "Il contributo assegnato è di %(grant)s. La convenzione e le "
            "scadenze di rendicontazione si consultano nell'area riservata "
            "di Conciliare."
        ) % {
            "number": agreement.number,
            "ats": agreement.ats.name,
            "lead": alliance.lead.legal_name,
            "project": agreement.project.title,
            "date": f"{agreement.signed_on:%d/%m/%Y}",
            "grant": euro(agreement.grant),
        }
    mail_on_commit(
        subject,
        body,
        [alliance.lead.pec, alliance.lead.email, alliance.contact_email],
    )
