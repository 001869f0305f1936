"""Writes of the ranking (graduatoria) of a call: computed as a proposal by an
officer of the ATS once every application is decided and scored, recomputed
at will, approved by an act (the call is then ranked, the lead bodies are
told their outcome, and the PDF with the committee's minutes is produced by
the worker)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Avg
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from conciliare.accounts.models import User
from conciliare.applications.models import Application, ApplicationStatus
from conciliare.audit.services import event_record
from conciliare.calls.models import Call, CallStatus, ScoreMethod
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.mail import mail_on_commit
from conciliare.core.money import CENT, euro
from conciliare.core.permissions import ensure_perm
from conciliare.documents.models import DocumentKind
from conciliare.documents.services import document_store
from conciliare.reviews.allocation import allocate
from conciliare.reviews.models import (
    AdmissibilityStatus,
    ApplicationReview,
    ConsensusScore,
    CriterionScore,
    Ranking,
    RankingEntry,
    RankingOutcome,
    RankingStatus,
)
from conciliare.reviews.ranking_order import Contender, rank_order


def ranking_blockers(*, call: Call) -> list[str]:
    """What stops the ranking of ``call`` from being computed, in plain
    language: applications without a decided admissibility check, admissible
    ones without the committee's score."""
    blockers: list[str] = []
    if call.status != CallStatus.IN_EVALUATION:
        blockers.append(
            _("La graduatoria si calcola solo per un avviso in valutazione.")
        )
    unreviewed = Application.objects.filter(
        call=call, status=ApplicationStatus.SUBMITTED, review__isnull=True
    ).only("title")
    blockers.extend(
        _("La domanda «%(title)s» non ha ancora un'istruttoria.")
        % {"title": application.title}
        for application in unreviewed
    )
    reviews = ApplicationReview.objects.filter(call=call).select_related("application")
    for review in reviews:
        if review.status in (
            AdmissibilityStatus.PENDING,
            AdmissibilityStatus.CLARIFICATION,
        ):
            blockers.append(
                _("La domanda «%(title)s» attende l'esito dell'istruttoria.")
                % {"title": review.application.title}
            )
        elif (
            review.status == AdmissibilityStatus.ADMISSIBLE
            and review.total_score is None
        ):
            blockers.append(
                _("La domanda «%(title)s» non ha ancora il punteggio del Comitato.")
                % {"title": review.application.title}
            )
    return blockers


@transaction.atomic
def ranking_compute(*, actor: User, call: Call) -> Ranking:
    """Compute the proposal of the ranking of ``call`` (or recompute the
    draft): admissible applications in order of score and tie-breaks, the
    projects budget allocated down the list (``allocation.allocate``).

    Raises PermissionDenied, ValidationError (the blockers, under
    ``__all__``) or ApplicationError (an approved ranking cannot change)."""
    ensure_perm(actor, "reviews.compute_ranking", call)
    call = (
        Call.objects.select_for_update(of=("self",))
        .select_related("ats", "period")
        .get(pk=call.pk)
    )
    ranking = Ranking.objects.select_for_update(of=("self",)).filter(call=call).first()
    if ranking is not None and ranking.is_approved:
        raise ApplicationError(
            _("La graduatoria è già approvata: si modifica solo con lo scorrimento.")
        )
    blockers = ranking_blockers(call=call)
    if blockers:
        raise ValidationError({"__all__": blockers})
    now = timezone.now()
    if ranking is None:
        ranking = Ranking(call=call, ats_id=call.ats_id)
    ranking.budget = call.projects_budget
    ranking.computed_at = now
    ranking.computed_by = actor
    entries = ranking_entries_build(call=call)
    ranking.allocated = sum(
        (entry.grant_awarded for entry in entries), start=Decimal("0.00")
    )
    recompute = ranking.pk is not None
    ranking.save()
    if recompute:
        RankingEntry.objects.filter(ranking=ranking).delete()
    for entry in entries:
        entry.ranking = ranking
    RankingEntry.objects.bulk_create(entries, batch_size=500)
    event_record(
        actor=actor,
        verb="ranking.recompute" if recompute else "ranking.compute",
        target=ranking,
        changes={
            "allocated": [None, str(ranking.allocated)],
            "funded": [
                None,
                sum(1 for entry in entries if entry.grant_awarded > 0),
            ],
        },
    )
    return ranking


def ranking_entries_build(*, call: Call) -> list[RankingEntry]:
    """The unsaved entries of ``call``'s ranking: ordered, allocated, with
    their outcome. Reads the reviews, their scores per criterion and the
    submissions in a constant number of queries."""
    reviews = list(
        ApplicationReview.objects.filter(
            call=call,
            status__in=(
                AdmissibilityStatus.ADMISSIBLE,
                AdmissibilityStatus.NOT_ADMISSIBLE,
            ),
        )
        .select_related("application__current_submission")
        .order_by("pk")
    )
    criteria = dict(call.criteria.values_list("position", "name"))
    points = _criterion_points(call=call)
    contenders = []
    admitted = {}
    not_admitted = []
    for review in reviews:
        submission = review.application.current_submission
        if submission is None:  # a submitted application always has one
            raise ValueError(f"application {review.application_id} has no submission")
        if review.status != AdmissibilityStatus.ADMISSIBLE:
            not_admitted.append(
                RankingEntry(
                    application_id=review.application_id,
                    position=None,
                    total_score=None,
                    grant_requested=submission.grant_requested,
                    grant_awarded=Decimal("0.00"),
                    outcome=RankingOutcome.NOT_ADMITTED,
                )
            )
            continue
        if review.total_score is None:  # the blockers refuse it first
            raise ValueError(f"review {review.pk} has no score")
        cost = submission.total_cost
        share = (cost - submission.grant_requested) / cost if cost else Decimal(0)
        contenders.append(
            Contender(
                key=review.application_id,
                total=review.total_score,
                submitted_at=submission.submitted_at,
                grant=submission.grant_requested,
                cofinancing_share=share,
                criteria=points.get(review.pk, {}),
            )
        )
        admitted[review.application_id] = submission.grant_requested
    placed = rank_order(contenders, list(call.tie_breakers or []), criteria)
    entries = [
        RankingEntry(
            application_id=p.contender.key,
            position=p.position,
            total_score=p.contender.total,
            below_min_score=p.contender.total < call.min_score,
            grant_requested=admitted[p.contender.key],
            tie_break_note=p.tie_break_note,
        )
        for p in placed
    ]
    entries_allocate(
        entries=entries,
        budget=call.projects_budget,
        allow_partial=call.allow_partial_funding,
    )
    return [*entries, *not_admitted]


def entries_allocate(
    *, entries: list[RankingEntry], budget: Decimal, allow_partial: bool
) -> None:
    """Set award and outcome of the admitted ``entries`` (in ranking order):
    the fundable ones (not below the minimum score, not renounced) share
    ``budget`` as ``allocate`` says."""
    fundable = [
        entry
        for entry in entries
        if not entry.below_min_score and entry.outcome != RankingOutcome.RENOUNCED
    ]
    awards = allocate(
        budget=budget,
        caps=[entry.cap for entry in fundable],
        allow_partial=allow_partial,
    )
    for entry, award in zip(fundable, awards, strict=True):
        entry.grant_awarded = award
        entry.outcome = outcome_for(award=award, requested=entry.grant_requested)
    for entry in entries:
        if entry.below_min_score:
            entry.grant_awarded = Decimal("0.00")
            entry.outcome = RankingOutcome.NOT_FUNDED


def outcome_for(*, award: Decimal, requested: Decimal) -> str:
    if award <= 0:
        return RankingOutcome.NOT_FUNDED
    if award >= requested:
        return RankingOutcome.FUNDED
    return RankingOutcome.PARTLY_FUNDED


def _criterion_points(*, call: Call) -> dict[int, dict[int, Decimal]]:
    """review id -> criterion position -> the committee's points; with the
    mean method, the evaluators' mean where no consensus was recorded."""
    points: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if call.score_method == ScoreMethod.MEAN:
        means = (
            CriterionScore.objects.filter(
                assignment__review__call=call,
                assignment__submitted_at__isnull=False,
            )
            .values("assignment__review_id", "criterion__position")
            .annotate(mean=Avg("points"))
        )
        for row in means:
            points[row["assignment__review_id"]][row["criterion__position"]] = Decimal(
                row["mean"]
            ).quantize(CENT)
    consensus = ConsensusScore.objects.filter(review__call=call).values_list(
        "review_id", "criterion__position", "points"
    )
    for review_id, position, value in consensus:
        points[review_id][position] = value
    return points


@transaction.atomic
def ranking_approve(
    *,
    actor: User,
    ranking: Ranking,
    act_number: str,
    act_date: date | None,
    committee_minutes: str,
) -> Ranking:
    """Approve the proposal by the act of the ATS: the call becomes ranked,
    the ranking public, each lead body is told its outcome, and the worker
    produces the PDF of the ranking with the committee's minutes.

    Raises PermissionDenied, ValidationError keyed by field, ApplicationError."""
    ensure_perm(actor, "reviews.approve_ranking", ranking)
    ranking = (
        Ranking.objects.select_for_update(of=("self",))
        .select_related("call")
        .get(pk=ranking.pk)
    )
    if ranking.status != RankingStatus.DRAFT:
        raise ApplicationError(_("La graduatoria è già stata approvata."))
    errors: dict[str, list[str]] = {}
    if not act_number.strip():
        errors["act_number"] = [_("Indicare il numero dell'atto di approvazione.")]
    if act_date is None:
        errors["act_date"] = [_("Indicare la data dell'atto di approvazione.")]
    elif act_date > timezone.localdate():
        errors["act_date"] = [_("La data dell'atto non può essere futura.")]
    if not committee_minutes.strip():
        errors["committee_minutes"] = [
            _("Riportare la sintesi del verbale della seduta del Comitato.")
        ]
    if errors:
        raise ValidationError(errors)
    call = Call.objects.select_for_update(of=("self",)).get(pk=ranking.call_id)
    now = timezone.now()
    ranking.transition_to(RankingStatus.APPROVED)
    ranking.act_number = act_number.strip()
    ranking.act_date = act_date
    ranking.committee_minutes = committee_minutes.strip()
    ranking.approved_at = now
    ranking.approved_by = actor
    ranking.save()
    previous = call.status
    call.transition_to(CallStatus.RANKED)
    call.save(update_fields=["status", "updated_at"])
    event_record(
        actor=actor,
        verb="ranking.approve",
        target=ranking,
        from_state=RankingStatus.DRAFT,
        to_state=RankingStatus.APPROVED,
        changes={"act_number": [None, ranking.act_number]},
        note=ranking.act_number,
    )
    event_record(
        actor=actor,
        verb="call.rank",
        target=call,
        from_state=previous,
        to_state=call.status,
        note=ranking.act_number,
    )
    _notify_outcomes(ranking=ranking, call=call)
    transaction.on_commit(public_cache_invalidate)
    ranking_id = ranking.pk
    transaction.on_commit(lambda: _enqueue_document(ranking_id))
    return ranking


def _enqueue_document(ranking_id: int) -> None:
    from conciliare.reviews.ranking_tasks import ranking_document_task

    ranking_document_task.enqueue(ranking_id)


def lead_addresses(application: Application) -> list[str]:
    lead = application.alliance.lead
    return [lead.pec, lead.email, application.alliance.contact_email]


def _notify_outcomes(*, ranking: Ranking, call: Call) -> None:
    entries = RankingEntry.objects.filter(ranking=ranking).select_related(
        "application__alliance__lead"
    )
    subject = _("Graduatoria approvata: avviso «%(title)s»") % {"title": call.title}
    for entry in entries:
        body = _(
            "L'%(ats)s ha approvato la graduatoria dell'avviso «%(call)s» "
            "(atto n. %(act)s del %(date)s).\n\n"
            "Domanda: «%(title)s»\nEsito: %(outcome)s\n%(detail)s\n"
            "La graduatoria è pubblicata su Conciliare."
        ) % {
            "ats": call.ats,
            "call": call.title,
            "act": ranking.act_number,
            "date": date_format(ranking.act_date, "SHORT_DATE_FORMAT")
            if ranking.act_date
            else "",
            "title": entry.application.title,
            "outcome": entry.get_outcome_display(),
            "detail": outcome_detail(entry),
        }
        mail_on_commit(subject, body, lead_addresses(entry.application))


def outcome_detail(entry: RankingEntry) -> str:
    """The position and award of an entry in one line of an e-mail."""
    if entry.position is None:
        return ""
    return _(
        "Posizione: %(position)s – contributo assegnato %(awarded)s su %(requested)s richiesti."
    ) % {
        "position": entry.position,
        "awarded": euro(entry.grant_awarded),
        "requested": euro(entry.grant_requested),
    }


def ranking_document_issue(*, ranking_id: int) -> str:
    """Produce the PDF of an approved ranking with the committee's minutes,
    store it as a public document of the ATS and link it to the ranking. Run
    by the worker after the approval; running it again does nothing more."""
    from conciliare.reviews.ranking_pdf import ranking_pdf, ranking_pdf_filename

    with transaction.atomic():
        ranking = (
            Ranking.objects.select_for_update(of=("self",))
            .select_related("call__period", "ats", "approved_by")
            .filter(pk=ranking_id)
            .first()
        )
        if ranking is None:
            return "missing"
        if not ranking.is_approved:
            return "not approved"
        if ranking.document_id is not None:
            return "already issued"
        if ranking.approved_by is None or ranking.act_date is None:
            return "not approved"  # an approved ranking always has both
        with override("it"):
            pdf = ranking_pdf(ranking=ranking)
            title = _("Graduatoria e verbale del Comitato – %(call)s") % {
                "call": ranking.call.title
            }
        document = document_store(
            actor=ranking.approved_by,
            data={
                "title": title,
                "kind": DocumentKind.RANKING,
                "act_number": ranking.act_number,
                "act_date": ranking.act_date,
                "valid_from": ranking.act_date,
                "is_public": True,
                "ats": ranking.ats,
                "period": ranking.call.period,
            },
            file=ContentFile(pdf, name=ranking_pdf_filename(ranking)),
            note=title,
        )
        Ranking.objects.filter(pk=ranking.pk).update(document=document)
        event_record(
            actor=ranking.approved_by,
            verb="ranking.document_issue",
            target=ranking,
            note=ranking.act_number,
        )
        transaction.on_commit(public_cache_invalidate)
    return "issued"
