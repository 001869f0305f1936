"""The Territorial Plan's life: created by the ATS from the approved ranking
of its call (a ``projects.Project`` per funded application), approved by an
act of the ATS, sent to the Region, validated or returned with remarks, and
amended (rimodulazione) only through a new version.

Every write checks its permission, locks its rows, is audited and, when
public content changes, refreshes the public pages once committed."""

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.applications.models import Submission
from conciliare.audit.services import event_record
from conciliare.calls.models import Call
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.money import cents, euro
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.plans.models import (
    FundingKind,
    FundingSource,
    MilestoneKind,
    MonitoringMilestone,
    PlanProject,
    PlanStatus,
    PlanVersion,
    SystemAction,
    TerritorialPlan,
)
from conciliare.plans.plan_snapshot import version_snapshot
from conciliare.projects.models import Project, ProjectOrigin, ProjectStatus
from conciliare.reviews.models import Ranking, RankingEntry
from conciliare.reviews.models.ranking import FUNDED_OUTCOMES, RankingStatus
from conciliare.territory.models import Allocation, InterventionArea

if TYPE_CHECKING:
    from django.core.files import File

#: Days after the end of the activities for the final report.
FINAL_REPORT_DAYS = 60
#: Versions not yet validated nor superseded.
IN_PROGRESS_STATUSES = frozenset(
    {PlanStatus.DRAFT, PlanStatus.APPROVED, PlanStatus.SENT, PlanStatus.RETURNED}
)


def version_lock(version: PlanVersion) -> PlanVersion:
    return (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__ats", "plan__period", "plan__call")
        .get(pk=version.pk)
    )


def version_ensure_editable(version: PlanVersion) -> None:
    """Refuse any change to a version that is not a draft or returned: an
    approved, sent or validated plan changes only by a new version."""
    if not version.is_editable:
        raise ApplicationError(
            _(
                "La versione %(number)s del piano è «%(status)s»: non si può "
                "modificare. Un piano validato si modifica solo con una rimodulazione."
            )
            % {"number": version.number, "status": version.get_status_display()}
        )


def regional_allocation(*, ats_id: int, period_id: int) -> Decimal:
    """The funds the Region assigns to the ATS for the period (all years)."""
    total = Allocation.objects.filter(ats_id=ats_id, period_id=period_id).aggregate(
        total=Coalesce(Sum("amount"), Decimal(0))
    )["total"]
    return cents(total)


# -- Creation ----------------------------------------------------------------


@transaction.atomic
def plan_create(*, actor: User, call: Call) -> PlanVersion:
    """The plan of ``call``'s ATS for its period, from the approved ranking:
    version 1 in preparation with every funded project (its ``Project``
    created, or the one already linked to the application), the default
    funding sources and monitoring milestones.

    Raises PermissionDenied or ApplicationError (nothing saved)."""
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("ats", "period")
        .get(pk=call.pk)
    )
    ensure_perm(actor, "plans.add_plan", call)
    ranking = Ranking.objects.filter(call=call).first()
    if ranking is None or ranking.status != RankingStatus.APPROVED:
        raise ApplicationError(
            _(
                "La graduatoria dell'avviso non è ancora approvata: il piano si "
                "prepara a partire dalla graduatoria approvata."
            )
        )
    if TerritorialPlan.objects.filter(ats=call.ats, period=call.period).exists():
        raise ApplicationError(
            _(
                "Esiste già il Piano Territoriale dell'%(ats)s per il periodo "
                "%(period)s: si modifica con una rimodulazione."
            )
            % {"ats": call.ats, "period": call.period}
        )
    plan = TerritorialPlan.objects.create(
        ats=call.ats,
        period=call.period,
        call=call,
        title=_("Piano Territoriale di Conciliazione %(ats)s %(period)s")
        % {"ats": call.ats.short_name, "period": call.period.name},
        created_by=actor,
    )
    version = PlanVersion.objects.create(plan=plan, number=1)
    rows = _funded_rows(version=version, ranking=ranking, call=call)
    PlanProject.objects.bulk_create(rows)
    cofinancing = sum((row.cofinancing for row in rows), Decimal(0))
    FundingSource.objects.bulk_create(
        [
            FundingSource(
                version=version,
                kind=FundingKind.REGIONAL_ALLOCATION,
                description=_("Assegnazione regionale %(period)s")
                % {"period": call.period.name},
                amount=regional_allocation(
                    ats_id=call.ats_id, period_id=call.period_id
                ),
            ),
            FundingSource(
                version=version,
                kind=FundingKind.PARTNER_COFINANCING,
                description=_("Cofinanziamento dei partner dei progetti"),
                amount=cents(cofinancing),
            ),
        ]
    )
    MonitoringMilestone.objects.bulk_create(
        _default_milestones(version=version, end_by=call.activities_end_by)
    )
    event_record(
        actor=actor,
        verb="plan.create",
        target=version,
        to_state=version.status,
        changes={
            "call": [None, call.pk],
            "projects": [None, [row.project.code for row in rows]],
            "grants": [None, str(cents(sum((r.grant for r in rows), Decimal(0))))],
        },
    )
    return version


def _default_milestones(
    *, version: PlanVersion, end_by: date
) -> list[MonitoringMilestone]:
    today = timezone.localdate()
    halfway = today + timedelta(days=max((end_by - today).days, 0) // 2)
    return [
        MonitoringMilestone(
            version=version,
            kind=MilestoneKind.INTERIM_REPORT,
            due_on=halfway,
            indicators=_("Destinatari raggiunti, attività avviate, spesa sostenuta."),
            description=_(
                "Relazione intermedia dei progetti e delle azioni di sistema."
            ),
        ),
        MonitoringMilestone(
            version=version,
            kind=MilestoneKind.FINAL_REPORT,
            due_on=end_by + timedelta(days=FINAL_REPORT_DAYS),
            indicators=_("Risultati raggiunti e rendicontazione delle spese."),
            description=_("Relazione finale e rendicontazione dei progetti."),
        ),
    ]


def _funded_rows(
    *, version: PlanVersion, ranking: Ranking, call: Call
) -> list[PlanProject]:
    """One unsaved ``PlanProject`` per funded entry of ``ranking``, in ranking
    order; the ``Project`` of each is created when the application has none."""
    entries = list(
        RankingEntry.objects.filter(ranking=ranking, outcome__in=FUNDED_OUTCOMES)
        .select_related("application__current_submission", "application__alliance")
        .order_by("position", "pk")
    )
    existing = {
        p.application_id: p
        for p in Project.objects.filter(
            application_id__in=[e.application_id for e in entries]
        )
    }
    codes = _CodeSequence(call)
    rows = []
    for position, entry in enumerate(entries, start=1):
        submission = entry.application.current_submission
        if submission is None:
            raise ApplicationError(
                _("La domanda «%(title)s» non ha un invio valido.")
                % {"title": entry.application.title}
            )
        project = existing.get(entry.application_id) or _project_create(
            entry=entry, submission=submission, call=call, code=codes.next()
        )
        grant = cents(entry.grant_awarded)
        cofinancing = cents(submission.total_cost - submission.grant_requested)
        rows.append(
            PlanProject(
                version=version,
                project=project,
                position=position,
                grant=grant,
                cofinancing=cofinancing,
                total_cost=grant + cofinancing,
            )
        )
    return rows


class _CodeSequence:
    """Project codes ``<ATS code>-<call year>-<nn>`` not yet taken."""

    def __init__(self, call: Call) -> None:
        year = (call.act_date or timezone.localdate(call.opens_at)).year
        self.prefix = f"{call.ats.code}-{year}-"
        self.taken = set(
            Project.objects.filter(code__startswith=self.prefix).values_list(
                "code", flat=True
            )
        )
        self.number = 0

    def next(self) -> str:
        while True:
            self.number += 1
            code = f"{self.prefix}{self.number:02d}"
            if code not in self.taken:
                self.taken.add(code)
                return code


def _project_create(
    *, entry: RankingEntry, submission: Submission, call: Call, code: str
) -> Project:
    """The project of a funded application, as its submission describes it."""
    application = entry.application
    snapshot: dict[str, Any] = submission.snapshot or {}
    project = Project.objects.create(
        code=code,
        title=snapshot.get("title") or application.title,
        alliance=application.alliance,
        ats=call.ats,
        period=call.period,
        summary=snapshot.get("summary", ""),
        total_cost=cents(submission.total_cost),
        public_funding=cents(entry.grant_awarded),
        starts_on=_date_of(snapshot.get("starts_on")),
        ends_on=_date_of(snapshot.get("ends_on")),
        status=ProjectStatus.FUNDED,
        application=application,
        origin=ProjectOrigin.CALL,
    )
    numbers = [a["number"] for a in snapshot.get("areas", [])]
    project.areas.set(
        InterventionArea.objects.filter(period=call.period, number__in=numbers)
    )
    return project


def _date_of(value: Any) -> date | None:
    if not value:
        return None
    return parse_date(str(value)[:10])


@transaction.atomic
def plan_projects_sync(*, actor: User, version: PlanVersion) -> PlanVersion:
    """Bring the projects of a version in preparation in line with the
    ranking as it stands now (after a scorrimento): projects added, removed
    and grants changed as the ranking says.

    Raises PermissionDenied or ApplicationError."""
    version = version_lock(version)
    ensure_perm(actor, "plans.change_plan", version)
    version_ensure_editable(version)
    call = version.plan.call
    ranking = Ranking.objects.filter(call=call).first() if call else None
    if call is None or ranking is None or ranking.status != RankingStatus.APPROVED:
        raise ApplicationError(_("Il piano non ha una graduatoria approvata."))
    before = {
        row.project_id: str(row.grant)
        for row in PlanProject.objects.filter(version=version)
    }
    rows = _funded_rows(version=version, ranking=ranking, call=call)
    PlanProject.objects.filter(version=version).delete()
    PlanProject.objects.bulk_create(rows)
    after = {row.project_id: str(row.grant) for row in rows}
    event_record(
        actor=actor,
        verb="plan.projects_sync",
        target=version,
        changes={"projects": [before, after]} if before != after else {},
    )
    return version


# -- Approval by the ATS -----------------------------------------------------


def plan_approve_blockers(*, version: PlanVersion) -> list[str]:
    """Why ``version`` cannot be approved yet (empty when it can)."""
    sums = PlanVersion.objects.filter(pk=version.pk).aggregate(
        projects=Coalesce(Sum("funded_projects__grant"), Decimal(0)),
    )
    grants = cents(sums["projects"])
    actions = cents(
        SystemAction.objects.filter(version=version).aggregate(
            total=Coalesce(Sum("budget"), Decimal(0))
        )["total"]
    )
    funding = cents(
        FundingSource.objects.filter(version=version).aggregate(
            total=Coalesce(Sum("amount"), Decimal(0))
        )["total"]
    )
    has_projects = PlanProject.objects.filter(version=version).exists()
    has_actions = SystemAction.objects.filter(version=version).exists()
    blockers = []
    if not has_projects and not has_actions:
        blockers.append(
            _("Il piano deve comprendere almeno un progetto o un'azione di sistema.")
        )
    call = version.plan.call
    if call is not None and actions > call.system_action_budget:
        blockers.append(
            _(
                "Le azioni di sistema (%(actions)s) superano la quota dell'avviso "
                "per l'azione di sistema (%(budget)s)."
            )
            % {"actions": euro(actions), "budget": euro(call.system_action_budget)}
        )
    if grants + actions > funding:
        blockers.append(
            _(
                "Contributi ai progetti e azioni di sistema (%(committed)s) superano "
                "le fonti di finanziamento del piano (%(funding)s)."
            )
            % {"committed": euro(grants + actions), "funding": euro(funding)}
        )
    return blockers


@transaction.atomic
def plan_approve(
    *,
    actor: User,
    version: PlanVersion,
    act_number: str,
    act_date: date | None,
    act_file: "File[bytes] | None",
) -> PlanVersion:
    """Record the ATS act approving the version: the act is published, the
    content frozen in ``snapshot`` and the plan's PDF produced by the worker.

    Raises PermissionDenied, InvalidTransition or ValidationError."""
    version = version_lock(version)
    ensure_perm(actor, "plans.approve_plan", version)
    previous = version.status
    version.transition_to(PlanStatus.APPROVED)
    errors: dict[str, list[str]] = {}
    if not act_number.strip():
        errors["act_number"] = [_("Indicare il numero dell'atto di approvazione.")]
    if act_date is None:
        errors["act_date"] = [_("Indicare la data dell'atto di approvazione.")]
    elif act_date > timezone.localdate():
        errors["act_date"] = [_("La data dell'atto non può essere futura.")]
    if act_file is None:
        errors["act_file"] = [_("Scegliere il file dell'atto da caricare.")]
    blockers = plan_approve_blockers(version=version)
    if blockers:
        errors["__all__"] = blockers
    if errors or act_date is None or act_file is None:
        raise ValidationError(errors)
    plan = version.plan
    try:
        document = document_store(
            actor=actor,
            data={
                "title": _("%(plan)s – atto di approvazione (versione %(number)s)")
                % {"plan": plan.title, "number": version.number},
                "kind": DocumentKind.ACT,
                "act_number": act_number.strip(),
                "act_date": act_date,
                "valid_from": act_date,
                "is_public": True,
                "ats": plan.ats,
                "period": plan.period,
            },
            file=act_file,
            note=_("Atto di approvazione del Piano Territoriale"),
        )
    except ValidationError as exc:
        raise ValidationError({"act_file": exc.messages}) from exc
    version.act_number = act_number.strip()
    version.act_date = act_date
    version.act_document = document
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.document = None
    version.snapshot = version_snapshot(version)
    version.save()
    event_record(
        actor=actor,
        verb="plan.approve",
        target=version,
        from_state=previous,
        to_state=version.status,
        changes={
            "act_number": [None, version.act_number],
            "act_date": [None, str(act_date)],
        },
    )
    from conciliare.plans.plan_tasks import plan_pdf_task

    version_id = version.pk
    transaction.on_commit(lambda: plan_pdf_task.enqueue(version_id))
    transaction.on_commit(public_cache_invalidate)
    return version


@transaction.atomic
def plan_send(*, actor: User, version: PlanVersion) -> PlanVersion:
    """Send the approved version to the Region for validation.

    Raises PermissionDenied or InvalidTransition."""
    version = version_lock(version)
    ensure_perm(actor, "plans.send_plan", version)
    previous = version.status
    version.transition_to(PlanStatus.SENT)
    version.sent_at = timezone.now()
    version.sent_by = actor
    version.save(update_fields=["status", "sent_at", "sent_by", "updated_at"])
    event_record(
        actor=actor,
        verb="plan.send",
        target=version,
        from_state=previous,
        to_state=version.status,
    )
    mail_on_commit(
        _("Piano Territoriale da validare: %(plan)s") % {"plan": version.plan.title},
        _(
            "L'%(ats)s ha trasmesso la versione %(number)s del «%(plan)s», "
            "approvata con atto n. %(act)s. Si può validare o restituire con "
            "osservazioni dall'area riservata di Conciliare."
        )
        % {
            "ats": version.plan.ats,
            "number": version.number,
            "plan": version.plan.title,
            "act": version.act_number,
        },
        _emails(role=Role.REGIONAL_OFFICER),
    )
    transaction.on_commit(public_cache_invalidate)
    return version


# -- The Region --------------------------------------------------------------


@transaction.atomic
def plan_validate(*, actor: User, version: PlanVersion) -> PlanVersion:
    """The Region validates a sent version; the previously validated version
    of the plan (if any) is superseded by it.

    Raises PermissionDenied or InvalidTransition."""
    version = version_lock(version)
    ensure_perm(actor, "plans.validate_plan", version)
    previous = version.status
    version.transition_to(PlanStatus.VALIDATED)
    earlier = (
        PlanVersion.objects.select_for_update(of=("self",))
        .filter(plan_id=version.plan_id, status=PlanStatus.VALIDATED)
        .exclude(pk=version.pk)
        .first()
    )
    if earlier is not None:
        earlier.transition_to(PlanStatus.SUPERSEDED)
        earlier.save(update_fields=["status", "updated_at"])
        event_record(
            actor=actor,
            verb="plan.supersede",
            target=earlier,
            from_state=PlanStatus.VALIDATED,
            to_state=earlier.status,
            note=_("Sostituita dalla versione %(number)s") % {"number": version.number},
        )
    version.validated_at = timezone.now()
    version.validated_by = actor
    version.save(update_fields=["status", "validated_at", "validated_by", "updated_at"])
    event_record(
        actor=actor,
        verb="plan.validate",
        target=version,
        from_state=previous,
        to_state=version.status,
    )
    mail_on_commit(
        _("Piano Territoriale validato: %(plan)s") % {"plan": version.plan.title},
        _("La Regione ha validato la versione %(number)s del «%(plan)s».")
        % {"number": version.number, "plan": version.plan.title},
        _emails(role=Role.ATS_OFFICER, ats_id=version.plan.ats_id),
    )
    transaction.on_commit(public_cache_invalidate)
    return version


@transaction.atomic
def plan_return(*, actor: User, version: PlanVersion, remarks: str) -> PlanVersion:
    """The Region returns a sent version to the ATS with its remarks; the ATS
    corrects it and approves it again.

    Raises PermissionDenied, InvalidTransition or ValidationError."""
    version = version_lock(version)
    ensure_perm(actor, "plans.validate_plan", version)
    if not remarks.strip():
        raise ValidationError({"remarks": [_("Indicare le osservazioni per l'ATS.")]})
    previous = version.status
    version.transition_to(PlanStatus.RETURNED)
    version.remarks = remarks.strip()
    version.returned_at = timezone.now()
    version.save(update_fields=["status", "remarks", "returned_at", "updated_at"])
    event_record(
        actor=actor,
        verb="plan.return",
        target=version,
        from_state=previous,
        to_state=version.status,
        note=version.remarks,
    )
    mail_on_commit(
        _("Piano Territoriale restituito: %(plan)s") % {"plan": version.plan.title},
        _(
            "La Regione ha restituito la versione %(number)s del «%(plan)s» "
            "con queste osservazioni:\n\n%(remarks)s"
        )
        % {
            "number": version.number,
            "plan": version.plan.title,
            "remarks": version.remarks,
        },
        _emails(role=Role.ATS_OFFICER, ats_id=version.plan.ats_id),
    )
    transaction.on_commit(public_cache_invalidate)
    return version


# -- Rimodulazione -----------------------------------------------------------


@transaction.atomic
def plan_amend(*, actor: User, plan: TerritorialPlan, reason: str) -> PlanVersion:
    """Start a rimodulazione of a validated plan: a new version in
    preparation, a copy of the validated one's content, to be approved, sent
    and validated in turn. The validated version stays as it is meanwhile.

    Raises PermissionDenied, ApplicationError or ValidationError."""
    plan = (
        TerritorialPlan.objects.select_for_update(of=("self",))
        .select_related("ats", "period")
        .get(pk=plan.pk)
    )
    ensure_perm(actor, "plans.amend_plan", plan)
    if not reason.strip():
        raise ValidationError(
            {"reason": [_("Indicare il motivo della rimodulazione.")]}
        )
    versions = list(plan.versions.order_by("-number"))
    in_progress = next((v for v in versions if v.status in IN_PROGRESS_STATUSES), None)
    if in_progress is not None:
        raise ApplicationError(
            _(
                "La versione %(number)s del piano è ancora «%(status)s»: si "
                "rimodula solo un piano validato."
            )
            % {
                "number": in_progress.number,
                "status": in_progress.get_status_display(),
            },
            field="reason",
        )
    source = next((v for v in versions if v.status == PlanStatus.VALIDATED), None)
    if source is None:
        raise ApplicationError(
            _("Si rimodula solo un piano validato dalla Regione."), field="reason"
        )
    version = PlanVersion.objects.create(
        plan=plan,
        number=versions[0].number + 1,
        amendment_reason=reason.strip(),
        summary=source.summary,
    )
    _copy_content(source=source, target=version)
    event_record(
        actor=actor,
        verb="plan.amend",
        target=version,
        to_state=version.status,
        changes={"from_version": [None, source.number]},
        note=version.amendment_reason,
    )
    return version


def _copy_content(*, source: PlanVersion, target: PlanVersion) -> None:
    PlanProject.objects.bulk_create(
        PlanProject(
            version=target,
            project_id=row.project_id,
            position=row.position,
            grant=row.grant,
            cofinancing=row.cofinancing,
            total_cost=row.total_cost,
        )
        for row in source.funded_projects.all()
    )
    for action in source.system_actions.prefetch_related("operators"):
        operators = list(action.operators.all())
        copy = SystemAction.objects.create(
            version=target,
            position=action.position,
            title=action.title,
            description=action.description,
            activities=action.activities,
            budget=action.budget,
            operators_note=action.operators_note,
            starts_on=action.starts_on,
            ends_on=action.ends_on,
        )
        copy.operators.set(operators)
    FundingSource.objects.bulk_create(
        FundingSource(
            version=target,
            kind=row.kind,
            description=row.description,
            amount=row.amount,
        )
        for row in source.funding_sources.all()
    )
    MonitoringMilestone.objects.bulk_create(
        MonitoringMilestone(
            version=target,
            kind=row.kind,
            due_on=row.due_on,
            indicators=row.indicators,
            description=row.description,
        )
        for row in source.milestones.all()
    )


def _emails(*, role: str, ats_id: int | None = None) -> list[str]:
    assignments = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if ats_id is not None:
        assignments = assignments.filter(ats_id=ats_id)
    return sorted(set(assignments.values_list("user__email", flat=True)))
