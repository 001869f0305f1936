"""Writes of the calls (Avvisi): drafted and published by an officer of the
ATS, amended only with a recorded reason, closed at their close time.

Every write checks its permission, validates the whole call, is audited and,
when the call is public, refreshes the public pages once committed."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.accounts.services import system_user
from conciliare.audit.services import changes_between, event_record
from conciliare.calls.defaults import (
    DEFAULT_ATTACHMENTS,
    DEFAULT_CRITERIA,
    budget_split,
)
from conciliare.calls.models import (
    TIE_BREAKER_KINDS,
    Call,
    CallAmendment,
    CallStatus,
    EvaluationCriterion,
    RequiredAttachment,
    default_tie_breakers,
)
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.permissions import ensure_perm
from conciliare.partnerships.models import CompositionRules
from conciliare.territory.models import ATS, ProgrammingPeriod

#: What an officer sets on the call itself.
CALL_FIELDS = (
    "title",
    "description",
    "guidance",
    "act_number",
    "act_date",
    "total_budget",
    "system_action_share",
    "opens_at",
    "closes_at",
    "areas",
    "min_cofinancing_share",
    "min_grant",
    "max_grant",
    "activities_end_by",
    "min_score",
    "score_method",
    "min_evaluators",
    "clarification_days",
    "tie_breakers",
    "allow_partial_funding",
)
#: The partnership rules of the call (kept in its own CompositionRules).
RULE_FIELDS = (
    "lead_typologies",
    "min_partners",
    "min_public_partners",
    "min_small_firms",
    "partners_must_be_network_members",
)
_TEXT_FIELDS = frozenset({"title", "description", "act_number"})


def call_initial(*, period: ProgrammingPeriod) -> dict[str, Any]:
    """The values a new call of ``period`` starts from (see calls/defaults.py)."""
    rules = CompositionRules.objects.filter(period=period).first() or CompositionRules()
    return {
        "system_action_share": Call._meta.get_field(
            "system_action_share"
        ).get_default(),
        "min_cofinancing_share": Call._meta.get_field(
            "min_cofinancing_share"
        ).get_default(),
        "min_grant": Call._meta.get_field("min_grant").get_default(),
        "max_grant": Call._meta.get_field("max_grant").get_default(),
        "min_score": Call._meta.get_field("min_score").get_default(),
        "score_method": Call._meta.get_field("score_method").get_default(),
        "min_evaluators": Call._meta.get_field("min_evaluators").get_default(),
        "clarification_days": Call._meta.get_field("clarification_days").get_default(),
        "tie_breakers": default_tie_breakers(),
        "allow_partial_funding": Call._meta.get_field(
            "allow_partial_funding"
        ).get_default(),
        "activities_end_by": _activities_end_by_default(period),
        "areas": list(period.areas.all()),
        **{name: getattr(rules, name) for name in RULE_FIELDS},
    }


def _activities_end_by_default(period: ProgrammingPeriod) -> date | None:
    """The period's end of activities (31/05/2023 for 2020-2023), else its
    end; none when that date has passed (a call made now needs its own)."""
    end_by = period.activities_end_by or period.ends_on
    return end_by if end_by >= timezone.localdate() else None


@transaction.atomic
def call_create(
    *, actor: User, ats: ATS, period: ProgrammingPeriod, data: dict[str, Any]
) -> Call:
    """Draft a call of ``ats`` for ``period``. Its partnership rules start as a
    copy of the period's; criteria and attachments from the defaults.

    Raises PermissionDenied or ValidationError keyed by field (nothing saved).
    """
    call = Call(ats=ats, period=period, created_by=actor)
    ensure_perm(actor, "calls.add_call", call)
    rules = CompositionRules(name=_("Regole dell'avviso"))
    data = {**call_initial(period=period), **data}
    _apply(call, rules, data)
    _validate(call, rules, data)
    rules.save()
    call.composition_rules = rules
    call.save()
    call.areas.set(data["areas"])
    rules.name = _("Regole dell'avviso %(pk)s") % {"pk": call.pk}
    rules.save(update_fields=["name"])
    EvaluationCriterion.objects.bulk_create(
        EvaluationCriterion(call=call, position=position, **criterion)
        for position, criterion in enumerate(DEFAULT_CRITERIA, start=1)
    )
    RequiredAttachment.objects.bulk_create(
        RequiredAttachment(call=call, position=position, **attachment)
        for position, attachment in enumerate(DEFAULT_ATTACHMENTS, start=1)
    )
    event_record(
        actor=actor,
        verb="call.create",
        target=call,
        changes=changes_between({}, _snapshot(call, rules, data["areas"])),
    )
    return call


@transaction.atomic
def call_update(*, actor: User, call: Call, data: dict[str, Any]) -> Call:
    """Change a call in preparation (only the keys in ``data``)."""
    call = call_lock(call)
    ensure_perm(actor, "calls.change_call", call)
    return _change(actor=actor, call=call, data=data, verb="call.update")


@transaction.atomic
def call_amend(*, actor: User, call: Call, data: dict[str, Any], reason: str) -> Call:
    """Amend a published call (rettifica) before its close time: the change
    and its reason are recorded, public, and sent to everyone with a draft.

    Raises PermissionDenied, ApplicationError or ValidationError."""
    call = call_lock(call)
    ensure_perm(actor, "calls.amend_call", call)
    if not reason.strip():
        raise ValidationError({"reason": _("Indicare il motivo della rettifica.")})
    now = timezone.now()
    if not call.is_amendable_at(now):
        raise ApplicationError(
            _("L'avviso è scaduto: non può più essere rettificato."), field="reason"
        )
    if "closes_at" in data and data["closes_at"] <= now:
        raise ValidationError(
            {
                "closes_at": _(
                    "La nuova scadenza deve essere successiva a questo momento."
                )
            }
        )
    changes: dict[str, Any] = {}
    _change(
        actor=actor,
        call=call,
        data=data,
        verb="call.amend",
        note=reason.strip(),
        out=changes,
    )
    if not changes:
        raise ValidationError(
            {"__all__": _("La rettifica non cambia nulla dell'avviso.")}
        )
    amendment = CallAmendment.objects.create(
        call=call,
        number=call.amendments.count() + 1,
        reason=reason.strip(),
        changes=changes,
        amended_by=actor,
        amended_at=now,
    )
    _notify_drafts(call=call, amendment=amendment)
    return call


@transaction.atomic
def call_criteria_set(
    *, actor: User, call: Call, criteria: list[dict[str, Any]]
) -> Call:
    """Replace the evaluation criteria of a call in preparation."""
    call = call_lock(call)
    ensure_perm(actor, "calls.change_call", call)
    if not criteria:
        raise ValidationError({"__all__": _("L'avviso deve avere almeno un criterio.")})
    before = [_criterion_text(c) for c in call.criteria.all()]
    rows = [
        EvaluationCriterion(call=call, position=position, **criterion)
        for position, criterion in enumerate(criteria, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["call"], validate_unique=False)
    call.criteria.all().delete()
    EvaluationCriterion.objects.bulk_create(rows)
    after = [_criterion_text(c) for c in rows]
    if before != after:
        event_record(
            actor=actor,
            verb="call.criteria_set",
            target=call,
            changes={"criteria": [before, after]},
        )
    return call


@transaction.atomic
def call_attachments_set(
    *, actor: User, call: Call, attachments: list[dict[str, Any]]
) -> Call:
    """Replace the attachments a call in preparation asks for."""
    call = call_lock(call)
    ensure_perm(actor, "calls.change_call", call)
    before = [a.name for a in call.required_attachments.all()]
    rows = [
        RequiredAttachment(call=call, position=position, **attachment)
        for position, attachment in enumerate(attachments, start=1)
    ]
    for row in rows:
        row.full_clean(exclude=["call"], validate_unique=False)
    call.required_attachments.all().delete()
    RequiredAttachment.objects.bulk_create(rows)
    after = [a.name for a in rows]
    if before != after:
        event_record(
            actor=actor,
            verb="call.attachments_set",
            target=call,
            changes={"required_attachments": [before, after]},
        )
    return call


@transaction.atomic
def call_publish(*, actor: User, call: Call) -> Call:
    """Publish a call: it must implement the adopted DTI, carry its act, have
    criteria and a close time still ahead. Schedules its closing."""
    call = call_lock(call)
    ensure_perm(actor, "calls.publish_call", call)
    now = timezone.now()
    errors = call_publish_blockers(call=call, now=now)
    if errors:
        raise ValidationError({"__all__": errors})
    previous = call.status
    call.transition_to(CallStatus.PUBLISHED)
    call.published_at = now
    call.save(update_fields=["status", "published_at", "updated_at"])
    event_record(
        actor=actor,
        verb="call.publish",
        target=call,
        from_state=previous,
        to_state=call.status,
    )
    transaction.on_commit(public_cache_invalidate)
    transaction.on_commit(lambda: _schedule_closing(call))
    return call


def call_publish_blockers(*, call: Call, now: datetime) -> list[str]:
    """What stops ``call`` from being published, in plain language."""
    blockers = []
    if call.guidance_id is None or not call.guidance or not call.guidance.is_adopted:
        blockers.append(
            _("Collegare l'avviso al Documento Territoriale di Indirizzo adottato.")
        )
    if not call.act_number or call.act_date is None:
        blockers.append(_("Indicare numero e data dell'atto che approva l'avviso."))
    if call.closes_at <= now:
        blockers.append(_("La scadenza è già passata: indicarne una futura."))
    max_total = call.criteria.aggregate(total=Sum("max_points"))["total"]
    if not max_total:
        blockers.append(_("Indicare almeno un criterio di valutazione."))
    elif call.min_score > _weighted_maximum(call):
        blockers.append(
            _(
                "Il punteggio minimo supera il punteggio massimo ottenibile con i criteri."
            )
        )
    if not call.areas.exists():
        blockers.append(_("Indicare almeno un'area di intervento ammessa."))
    return blockers


@transaction.atomic
def call_close(*, call: Call, actor: User | None = None) -> Call:
    """Record that a published call closed at its close time (the worker runs
    it at that time; submissions are refused from then on regardless)."""
    call = call_lock(call)
    if call.status != CallStatus.PUBLISHED or timezone.now() < call.closes_at:
        return call
    previous = call.status
    call.transition_to(CallStatus.CLOSED)
    call.closed_at = call.closes_at
    call.save(update_fields=["status", "closed_at", "updated_at"])
    event_record(
        actor=actor or system_user(),
        verb="call.close",
        target=call,
        from_state=previous,
        to_state=call.status,
    )
    transaction.on_commit(public_cache_invalidate)
    return call


def calls_close_due(*, now: datetime | None = None) -> list[Call]:
    """Close every published call whose close time has passed."""
    moment = now or timezone.now()
    due = Call.objects.filter(status=CallStatus.PUBLISHED, closes_at__lte=moment)
    closed = (call_close(call=call) for call in due)
    return [call for call in closed if call.status == CallStatus.CLOSED]


def call_lock(call: Call) -> Call:
    """The call re-read and locked until the transaction ends."""
    return (
        Call.objects.select_for_update(of=("self",))
        .select_related("ats", "period", "composition_rules", "guidance")
        .get(pk=call.pk)
    )


# -- internals ----------------------------------------------------------------


def _change(
    *,
    actor: User,
    call: Call,
    data: dict[str, Any],
    verb: str,
    note: str = "",
    out: dict[str, Any] | None = None,
) -> Call:
    rules = call.composition_rules
    areas = list(call.areas.all())
    before = _snapshot(call, rules, areas)
    _apply(call, rules, data)
    merged = {"areas": areas, **data}
    _validate(call, rules, merged)
    changes = changes_between(before, _snapshot(call, rules, merged["areas"]))
    if out is not None:
        out.update(changes)
    if not changes:
        return call
    call.save()
    rules.save()
    if "areas" in data:
        call.areas.set(data["areas"])
    event_record(actor=actor, verb=verb, target=call, changes=changes, note=note)
    if call.status != CallStatus.DRAFT:
        transaction.on_commit(public_cache_invalidate)
    return call


def _apply(call: Call, rules: CompositionRules, data: dict[str, Any]) -> None:
    unknown = set(data) - set(CALL_FIELDS) - set(RULE_FIELDS)
    if unknown:
        raise ValueError(f"not call fields: {sorted(unknown)}")
    for name, value in data.items():
        if name == "areas":
            continue
        if name in RULE_FIELDS:
            setattr(rules, name, value)
        elif name in _TEXT_FIELDS:
            setattr(call, name, (value or "").strip())
        else:
            setattr(call, name, value)
    total: Decimal | None = call.total_budget
    share: Decimal | None = call.system_action_share
    if total is not None and share is not None:
        call.projects_budget, call.system_action_budget = budget_split(
            total=total, system_action_share=share
        )


def _validate(call: Call, rules: CompositionRules, data: dict[str, Any]) -> None:
    """``full_clean`` of the call and its rules, plus the rules across rows."""
    errors: dict[str, list[str]] = {}
    for model, exclude in ((call, ["composition_rules", "created_by"]), (rules, [])):
        try:
            model.full_clean(
                exclude=exclude, validate_unique=False, validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
    # read as Any: a field the form could not parse is still None here
    v: dict[str, Any] = {
        field.attname: getattr(call, field.attname)
        for field in call._meta.concrete_fields
    }
    if v["opens_at"] and v["closes_at"] and v["closes_at"] <= v["opens_at"]:
        errors.setdefault("closes_at", []).append(
            _("La scadenza deve essere successiva all'apertura.")
        )
    if v["total_budget"] is not None and v["total_budget"] <= 0:
        errors.setdefault("total_budget", []).append(
            _("La dotazione deve essere maggiore di zero.")
        )
    if (
        v["min_grant"] is not None
        and v["max_grant"] is not None
        and v["max_grant"] < v["min_grant"]
    ):
        errors.setdefault("max_grant", []).append(
            _("Il contributo massimo non può essere inferiore al minimo.")
        )
    if (
        v["max_grant"] is not None
        and v["projects_budget"] is not None
        and v["max_grant"] > v["projects_budget"]
    ):
        errors.setdefault("max_grant", []).append(
            _("Il contributo massimo supera la quota dell'avviso per i progetti.")
        )
    areas = list(data.get("areas") or [])
    if not areas:
        errors.setdefault("areas", []).append(
            _("Indicare almeno un'area di intervento.")
        )
    elif any(area.period_id != call.period_id for area in areas):
        errors.setdefault("areas", []).append(
            _("Le aree di intervento devono essere quelle del periodo dell'avviso.")
        )
    guidance = call.guidance
    if guidance is not None and (
        guidance.ats_id != call.ats_id or guidance.period_id != call.period_id
    ):
        errors.setdefault("guidance", []).append(
            _(
                "Il Documento di Indirizzo deve essere dell'ATS e del periodo dell'avviso."
            )
        )
    if (
        v["activities_end_by"]
        and v["opens_at"]
        and v["activities_end_by"] < timezone.localdate(v["opens_at"])
    ):
        errors.setdefault("activities_end_by", []).append(
            _("Il termine delle attività non può precedere l'apertura dell'avviso.")
        )
    tie_breaker_errors = tie_breakers_problems(call, v["tie_breakers"])
    if tie_breaker_errors:
        errors.setdefault("tie_breakers", []).extend(tie_breaker_errors)
    if not rules.lead_typologies:
        errors.setdefault("lead_typologies", []).append(
            _("Indicare almeno una tipologia di ente che può essere capofila.")
        )
    if errors:
        raise ValidationError(errors)


def tie_breakers_problems(call: Call, tie_breakers: Any) -> list[str]:
    """What is wrong with a call's tie-breaks (a list of ``criterion:<position>``,
    ``submitted_at``, ``lower_grant``, ``higher_cofinancing``), in words."""
    if tie_breakers is None:
        return []
    if not isinstance(tie_breakers, list) or not all(
        isinstance(item, str) for item in tie_breakers
    ):
        return [_("I criteri di parità devono essere un elenco.")]
    positions = (
        set(call.criteria.values_list("position", flat=True))
        if call.pk
        else set(range(1, len(DEFAULT_CRITERIA) + 1))
    )
    problems: list[str] = []
    for item in tie_breakers:
        kind, _sep, argument = item.partition(":")
        if kind == "criterion":
            if not argument.isdigit() or int(argument) not in positions:
                problems.append(
                    _(
                        "Il criterio di parità «%(item)s» indica un criterio di "
                        "valutazione che l'avviso non ha."
                    )
                    % {"item": item}
                )
        elif kind not in TIE_BREAKER_KINDS or argument:
            problems.append(
                _("Criterio di parità sconosciuto: «%(item)s».") % {"item": item}
            )
    if len(set(tie_breakers)) != len(tie_breakers):
        problems.append(_("Ogni criterio di parità può comparire una volta sola."))
    return problems


def _snapshot(call: Call, rules: CompositionRules, areas: list[Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: getattr(call, name)
        for name in CALL_FIELDS
        if name not in ("areas", "guidance")
    }
    values["guidance"] = str(call.guidance) if call.guidance_id else None
    values["areas"] = sorted(area.number for area in areas)
    values.update({name: getattr(rules, name) for name in RULE_FIELDS})
    values["lead_typologies"] = sorted(values["lead_typologies"] or [])
    for name, value in values.items():
        if isinstance(value, datetime):
            values[name] = timezone.localtime(value).isoformat()
    return values


def _weighted_maximum(call: Call) -> Decimal:
    return sum((c.max_points * c.weight for c in call.criteria.all()), start=Decimal(0))


def _criterion_text(criterion: EvaluationCriterion) -> str:
    return f"{criterion.name} ({criterion.max_points} × {criterion.weight})"


def _notify_drafts(*, call: Call, amendment: CallAmendment) -> None:
    """Tell everyone who works on an application to ``call`` about the change."""
    recipients: set[str] = set()
    drafts = call.applications.filter(status__in=("draft", "withdrawn")).select_related(
        "created_by", "updated_by", "alliance"
    )
    for application in drafts:
        recipients.update(
            (
                application.created_by.email,
                application.updated_by.email,
                application.alliance.contact_email,
            )
        )
    recipients.discard("")
    subject = _("Rettifica dell'avviso «%(title)s»") % {"title": call.title}
    body = _(
        "L'%(ats)s ha rettificato l'avviso «%(title)s» (rettifica n. %(number)s).\n\n"
        "Motivo: %(reason)s\n\n"
        "Verificare la propria domanda su Conciliare prima della scadenza del "
        "%(closes_at)s."
    ) % {
        "ats": call.ats,
        "title": call.title,
        "number": amendment.number,
        "reason": amendment.reason,
        "closes_at": timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M"),
    }
    for recipient in sorted(recipients):
        mail_on_commit(subject, body, [recipient])


def _schedule_closing(call: Call) -> None:
    """Ask the worker to close ``call`` at its close time, when the task
    backend can defer (the database one can; tests close calls directly)."""
    from conciliare.calls.tasks import call_close_task

    if call_close_task.get_backend().supports_defer:
        call_close_task.using(run_after=call.closes_at).enqueue(call.pk)
