"""Writes of the import of an existing member list into a network.

An officer uploads a file (``membership_import_create``); the worker checks
every row without saving anything but the job (``membership_import_check``);
when no row is bad the officer confirms (``membership_import_confirm``) and
the worker saves every row in one transaction (``membership_import_save``):
new organisations, active memberships, their audit events, all or nothing.
A failure in either step marks the job failed with a message for the officer.
"""

import logging
import os
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from itertools import islice
from typing import TypeVar

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import event_record, event_record_many
from conciliare.core.cache import public_cache_invalidate
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.registry.membership_import_checks import (
    CheckedRow,
    RowChecker,
    RowError,
)
from conciliare.registry.membership_import_reading import (
    ImportFileError,
    ImportRow,
    import_file_columns,
    import_file_rows,
    import_file_size_check,
)
from conciliare.registry.membership_import_selectors import (
    membership_import_progress_key,
)
from conciliare.registry.models import (
    Membership,
    MembershipImport,
    MembershipImportStatus,
    MembershipStatus,
    Network,
    Organisation,
    ProtocolCounter,
)
from conciliare.territory.models import ATS

logger = logging.getLogger(__name__)

#: The check saves its progress on the job every so many rows.
CHECK_PROGRESS_EVERY = 100
#: The save writes (and reports progress) so many rows at a time.
SAVE_CHUNK_ROWS = 200
#: The most errors kept in a job's report: a file wrong in every cell would
#: otherwise store tens of megabytes (the bad-row count stays exact).
MAX_REPORT_ERRORS = 10_000
#: How long the save step's progress stays in the cache (seconds).
PROGRESS_TIMEOUT = 24 * 60 * 60

_T = TypeVar("_T")


class _StaleCheckError(Exception):
    """The rows checked before the confirmation are no longer all good."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


@transaction.atomic
def membership_import_create(
    *, actor: User, network: Network, file: UploadedFile
) -> MembershipImport:
    """Store the uploaded file as a new import and queue its check.

    Raises PermissionDenied, or ValidationError keyed ``file`` when the file
    cannot be imported as a whole (format, columns, size, no rows).
    """
    ensure_perm(actor, "registry.import_memberships", network)
    filename = os.path.basename(file.name or "")[:255]
    try:
        import_file_size_check(file.size or 0)
        file.seek(0)
        data = file.read()
        import_file_columns(data=data, filename=filename)
    except ImportFileError as exc:
        raise ValidationError({"file": exc.message}) from None
    job = MembershipImport(network=network, created_by=actor)
    job.original_filename = filename
    job.file.save(filename, ContentFile(data), save=False)
    job.save()
    event_record(
        actor=actor,
        verb="membership_import.create",
        target=job,
        to_state=job.status,
        note=filename,
    )
    _enqueue_on_commit("check", job.pk)
    return job


def membership_import_check(*, import_id: int) -> MembershipImport:
    """The worker's first step, a dry run: every row is checked and every
    problem reported; nothing is saved but the job and its report.

    The progress is saved on the job every ``CHECK_PROGRESS_EVERY`` rows,
    each time in its own short transaction, so the officer's page sees it.
    """
    job = _begin(import_id, MembershipImportStatus.CHECKING)
    if job.status != MembershipImportStatus.CHECKING:
        return job  # already checked (a task run twice)
    try:
        ensure_perm(job.created_by, "registry.import_memberships", job)
        rows = _rows(job)
        MembershipImport.objects.filter(pk=job.pk).update(total_rows=len(rows))
        checker = RowChecker(network=job.network, today=timezone.localdate())
        errors: list[RowError] = []
        bad_rows = 0
        for done, row in enumerate(rows, start=1):
            _checked, row_errors = checker.check(row)
            if row_errors:
                bad_rows += 1
                errors.extend(row_errors[: max(MAX_REPORT_ERRORS - len(errors), 0)])
            if done % CHECK_PROGRESS_EVERY == 0:
                MembershipImport.objects.filter(pk=job.pk).update(processed_rows=done)
    except (ImportFileError, PermissionDenied) as exc:
        return _fail(job.pk, _expected_failure(exc))
    except Exception:
        logger.exception("membership import %s: the check failed", job.pk)
        return _fail(job.pk, _unexpected_failure())
    return _finish_check(job.pk, total=len(rows), errors=errors, bad_rows=bad_rows)


@transaction.atomic
def membership_import_confirm(
    *, actor: User, membership_import: MembershipImport
) -> MembershipImport:
    """The officer confirms a file checked without errors: queue the save."""
    job = _lock(membership_import.pk)
    ensure_perm(actor, "registry.import_memberships", job)
    if job.status != MembershipImportStatus.CHECKED or job.error_count:
        raise ApplicationError(
            _("Si possono importare solo i file verificati senza errori.")
        )
    before = job.status
    job.transition_to(MembershipImportStatus.IMPORTING)
    job.processed_rows = 0
    job.save(update_fields=["status", "processed_rows", "updated_at"])
    cache.set(membership_import_progress_key(job.pk), 0, PROGRESS_TIMEOUT)
    event_record(
        actor=actor,
        verb="membership_import.confirm",
        target=job,
        from_state=before,
        to_state=job.status,
    )
    _enqueue_on_commit("save", job.pk)
    return job


def membership_import_save(*, import_id: int) -> MembershipImport:
    """The worker's second step: every row saved in ONE transaction.

    The rows are checked again inside it (another import or a request may
    have made one of them a member meanwhile): any bad row, or any database
    error, and nothing at all is saved; the job is then marked failed. The
    progress goes to the cache, since nobody else sees into the transaction.
    """
    job = _load(import_id)
    if job.status != MembershipImportStatus.IMPORTING:
        return job  # already saved or failed (a task run twice)
    try:
        ensure_perm(job.created_by, "registry.import_memberships", job)
        rows = _rows(job)
        with transaction.atomic():
            job = _lock(job.pk)
            if job.status != MembershipImportStatus.IMPORTING:
                return job
            job = _save_rows(job, rows)
    except _StaleCheckError as exc:
        return _fail(
            job.pk,
            _(
                "Nel frattempo alcune righe sono diventate non valide (per "
                "esempio un ente ha aderito alla rete): nessun aderente è stato "
                "importato. Correggere il file e caricarlo di nuovo."
            ),
            errors=exc.errors,
        )
    except IntegrityError:
        logger.warning("membership import %s: a concurrent write", job.pk)
        return _fail(
            job.pk,
            _(
                "Un altro utente ha registrato nel frattempo uno degli enti o "
                "delle adesioni del file: nessun aderente è stato importato. "
                "Caricare di nuovo il file per verificarlo."
            ),
        )
    except (ImportFileError, PermissionDenied) as exc:
        return _fail(job.pk, _expected_failure(exc))
    except Exception:
        logger.exception("membership import %s: the save failed", job.pk)
        return _fail(job.pk, _unexpected_failure())
    return job


def protocol_numbers_reserve(*, ats: ATS, count: int) -> list[str]:
    """``count`` consecutive protocol numbers of ``ats`` for this year.

    The counter row is locked once, until the caller's transaction ends, and
    advanced by ``count``: numbers never collide with ``protocol_number_next``.
    """
    year = timezone.localdate().year
    ProtocolCounter.objects.get_or_create(ats=ats, year=year)
    counter = ProtocolCounter.objects.select_for_update().get(ats=ats, year=year)
    first = counter.last_number + 1
    counter.last_number += count
    counter.save(update_fields=["last_number"])
    return [f"{ats.code}-{year}-{n:05d}" for n in range(first, first + count)]


def _save_rows(job: MembershipImport, rows: list[ImportRow]) -> MembershipImport:
    """Inside the caller's transaction: organisations, memberships, events."""
    actor = job.created_by
    network = job.network
    good, errors = RowChecker(network=network, today=timezone.localdate()).check_all(
        rows
    )
    if errors:
        raise _StaleCheckError(errors)
    now = timezone.now()
    today = timezone.localdate()
    organisations = _existing_organisations([row.tax_code for row in good])
    first_joined = _first_joined(
        ats_id=network.ats_id, organisation_ids=[o.pk for o in organisations.values()]
    )
    numbers = iter(protocol_numbers_reserve(ats=network.ats, count=len(good)))
    note = _("Importazione n. %(number)d, file %(file)s") % {
        "number": job.pk,
        "file": job.original_filename,
    }
    organisations_created = 0
    done = 0
    for chunk in _chunks(good, SAVE_CHUNK_ROWS):
        new = [_organisation(row) for row in chunk if row.tax_code not in organisations]
        Organisation.objects.bulk_create(new)
        organisations.update(
            {organisation.tax_code: organisation for organisation in new}
        )
        memberships = []
        for row in chunk:
            organisation = organisations[row.tax_code]
            since = row.member_since or today
            earlier = first_joined.get(organisation.pk)
            memberships.append(
                _membership(
                    row,
                    network=network,
                    organisation=organisation,
                    protocol_number=next(numbers),
                    member_since=min(since, earlier) if earlier else since,
                    actor=actor,
                    now=now,
                    note=note,
                )
            )
        Membership.objects.bulk_create(memberships)
        event_record_many(
            actor=actor,
            verb="organisation.create",
            targets=new,
            changes_of=lambda o: {
                "legal_name": [None, o.legal_name],
                "tax_code": [None, o.tax_code],
            },
            note=note,
        )
        event_record_many(
            actor=actor,
            verb="membership.import",
            targets=memberships,
            to_state=MembershipStatus.ACTIVE,
            note=note,
        )
        organisations_created += len(new)
        done += len(chunk)
        cache.set(membership_import_progress_key(job.pk), done, PROGRESS_TIMEOUT)

    before = job.status
    job.transition_to(MembershipImportStatus.IMPORTED)
    job.processed_rows = job.total_rows
    job.organisations_created = organisations_created
    job.memberships_created = len(good)
    job.finished_at = now
    job.save()
    event_record(
        actor=actor,
        verb="membership_import.import",
        target=job,
        from_state=before,
        to_state=job.status,
        changes={
            "organisations_created": [0, organisations_created],
            "memberships_created": [0, len(good)],
        },
    )
    key = membership_import_progress_key(job.pk)
    transaction.on_commit(lambda: cache.delete(key))
    transaction.on_commit(public_cache_invalidate)
    return job


def _organisation(row: CheckedRow) -> Organisation:
    return Organisation(
        legal_name=row.legal_name,
        tax_code=row.tax_code,
        vat_number=row.vat_number,
        legal_form=row.legal_form,
        typology=row.typology,
        size_class=row.size_class,
        address=row.address,
        postal_code=row.postal_code,
        comune_id=row.comune_id,
        ambito_id=row.ambito_id,
        pec=row.pec,
        email=row.email,
    )


def _membership(
    row: CheckedRow,
    *,
    network: Network,
    organisation: Organisation,
    protocol_number: str,
    member_since: date,
    actor: User,
    now: datetime,
    note: str,
) -> Membership:
    # The consents were given on paper: the acceptance dates stay empty.
    return Membership(
        network=network,
        organisation=organisation,
        status=MembershipStatus.ACTIVE,
        protocol_number=protocol_number,
        requested_by=actor,
        legal_representative=row.legal_representative,
        contact_name=row.contact_name,
        contact_email=row.contact_email,
        contact_phone=row.contact_phone,
        directory_consent=row.directory_consent,
        member_since=member_since,
        decided_at=now,
        verification_note=note,
    )


def _existing_organisations(tax_codes: list[str]) -> dict[str, Organisation]:
    """Organisations already registered, by tax code (reused, not changed)."""
    found: dict[str, Organisation] = {}
    for chunk in _chunks(tax_codes, 500):
        found.update(
            {o.tax_code: o for o in Organisation.objects.filter(tax_code__in=chunk)}
        )
    return found


def _first_joined(*, ats_id: int, organisation_ids: list[int]) -> dict[int, date]:
    """When each organisation first joined a network of the ATS (re-joining
    keeps that date, as ``member_since_for`` does for one organisation)."""
    first: dict[int, date] = {}
    for chunk in _chunks(organisation_ids, 500):
        first.update(
            Membership.objects.filter(
                organisation_id__in=chunk,
                network__ats_id=ats_id,
                member_since__isnull=False,
            )
            .values("organisation_id")
            .annotate(first=Min("member_since"))
            .values_list("organisation_id", "first")
        )
    return first


def _chunks(items: Sequence[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _rows(job: MembershipImport) -> list[ImportRow]:
    with job.file.open("rb") as file:
        data = file.read()
    return import_file_rows(data=data, filename=job.original_filename)


def _load(import_id: int) -> MembershipImport:
    return MembershipImport.objects.select_related("network__ats", "created_by").get(
        pk=import_id
    )


def _lock(import_id: int) -> MembershipImport:
    return (
        MembershipImport.objects.select_for_update(of=("self",))
        .select_related("network__ats", "created_by")
        .get(pk=import_id)
    )


@transaction.atomic
def _begin(import_id: int, target: str) -> MembershipImport:
    """Move a just-uploaded job to ``target`` (a job in another state is
    returned as it is)."""
    job = _lock(import_id)
    if job.status != MembershipImportStatus.UPLOADED:
        return job
    before = job.status
    job.transition_to(target)
    job.save(update_fields=["status", "updated_at"])
    event_record(
        actor=job.created_by,
        verb="membership_import.start",
        target=job,
        from_state=before,
        to_state=job.status,
    )
    return job


@transaction.atomic
def _finish_check(
    import_id: int, *, total: int, errors: list[RowError], bad_rows: int
) -> MembershipImport:
    job = _lock(import_id)
    before = job.status
    job.transition_to(MembershipImportStatus.CHECKED)
    job.total_rows = total
    job.processed_rows = total
    job.report = [error.as_dict() for error in errors[:MAX_REPORT_ERRORS]]
    job.error_count = bad_rows
    job.save()
    event_record(
        actor=job.created_by,
        verb="membership_import.check",
        target=job,
        from_state=before,
        to_state=job.status,
        changes={"total_rows": [0, total], "error_count": [0, job.error_count]},
    )
    return job


@transaction.atomic
def _fail(
    import_id: int, message: str, *, errors: list[RowError] | None = None
) -> MembershipImport:
    """Mark the job failed, with the reason (and the new report, if any)."""
    job = _lock(import_id)
    if job.status in (MembershipImportStatus.IMPORTED, MembershipImportStatus.FAILED):
        return job
    before = job.status
    job.transition_to(MembershipImportStatus.FAILED)
    job.failure = message
    job.finished_at = timezone.now()
    if errors is not None:
        job.report = [error.as_dict() for error in errors[:MAX_REPORT_ERRORS]]
        job.error_count = len({error.row for error in errors})
    job.save()
    event_record(
        actor=job.created_by,
        verb="membership_import.fail",
        target=job,
        from_state=before,
        to_state=job.status,
        note=message,
    )
    key = membership_import_progress_key(job.pk)
    transaction.on_commit(lambda: cache.delete(key))
    return job


def _expected_failure(exc: ImportFileError | PermissionDenied) -> str:
    if isinstance(exc, ImportFileError):
        return exc.message
    return _(
        "Chi ha caricato il file non ha più il permesso di importare aderenti "
        "in questa rete."
    )


def _unexpected_failure() -> str:
    return _(
        "L'operazione si è interrotta per un errore imprevisto: nessun aderente "
        "è stato importato. Riprovare più tardi o contattare l'assistenza."
    )


def _enqueue_on_commit(step: str, import_id: int) -> None:
    """Queue the worker's step once the job is committed (never before: the
    worker must not look for a job it cannot see yet)."""
    from conciliare.registry import membership_import_tasks as tasks

    task = (
        tasks.membership_import_check_task
        if step == "check"
        else tasks.membership_import_save_task
    )
    transaction.on_commit(lambda: task.enqueue(import_id=import_id))
