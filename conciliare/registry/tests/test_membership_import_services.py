"""The import of a member list: upload, dry-run check, confirmation and the
all-or-nothing save, as the task worker runs them (immediate backend)."""

import datetime

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conciliare.audit.models import AuditEvent
from conciliare.core.exceptions import ApplicationError
from conciliare.registry import membership_import_services as services
from conciliare.registry.membership_import_selectors import (
    membership_import_progress,
    membership_import_progress_key,
)
from conciliare.registry.models import (
    Membership,
    MembershipImport,
    MembershipImportStatus,
    MembershipStatus,
    Organisation,
    ProtocolCounter,
    SizeClass,
    Typology,
)
from conciliare.registry.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    make_membership,
)
from conciliare.registry.tests.membership_import_files import (
    csv_bytes,
    member_row,
    upload,
    xlsx_bytes,
)
from conciliare.territory.models import Comune

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(make_actor):
    return make_actor("ats_officer")


@pytest.fixture
def network():
    return NetworkFactory.create()


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Call a service and run what it queued on commit (the worker's task)."""

    def _run(service, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = service(**kwargs)
        return MembershipImport.objects.get(pk=result.pk)

    return _run


def _upload(run, officer, network, rows, name="aderenti.csv", data=None):
    file = upload(name, data if data is not None else csv_bytes(rows))
    return run(
        services.membership_import_create, actor=officer, network=network, file=file
    )


def _confirm(run, officer, job):
    return run(services.membership_import_confirm, actor=officer, membership_import=job)


def test_the_check_is_queued_only_once_the_job_is_committed(
    officer, network, django_capture_on_commit_callbacks
):
    # when
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.membership_import_create(
            actor=officer,
            network=network,
            file=upload("a.csv", csv_bytes([member_row(1)])),
        )

    # then the worker has nothing to see before the commit
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == MembershipImportStatus.UPLOADED


def test_the_check_reports_every_bad_row_and_saves_nothing(officer, network, run):
    # given
    organisations_before = Organisation.objects.count()
    rows = [
        member_row(1),
        member_row(2, tipologia="sconosciuta"),
        member_row(3),
        member_row(4, comune="Atlantide", dimensione=""),
    ]

    # when
    job = _upload(run, officer, network, rows)

    # then
    assert job.status == MembershipImportStatus.CHECKED
    assert (job.total_rows, job.processed_rows, job.error_count) == (4, 4, 2)
    assert [(item["row"], item["column"]) for item in job.report] == [
        (3, "tipologia"),
        (5, "dimensione"),
        (5, "comune"),
    ]
    assert Organisation.objects.count() == organisations_before
    assert not Membership.objects.exists()
    assert list(
        AuditEvent.objects.for_object(job).order_by("pk").values_list("verb", flat=True)
    ) == [
        "membership_import.create",
        "membership_import.start",
        "membership_import.check",
    ]


def test_a_huge_report_is_capped_but_the_bad_rows_are_all_counted(
    officer, network, run, monkeypatch
):
    monkeypatch.setattr(services, "MAX_REPORT_ERRORS", 3)
    rows = [member_row(n, comune="?", dimensione="?") for n in range(4)]

    job = _upload(run, officer, network, rows)

    assert len(job.report) == 3
    assert job.error_count == 4


def test_a_checked_file_with_errors_cannot_be_confirmed(officer, network, run):
    job = _upload(run, officer, network, [member_row(1, comune="?")])

    with pytest.raises(ApplicationError, match="senza errori"):
        services.membership_import_confirm(actor=officer, membership_import=job)

    job.refresh_from_db()
    assert job.status == MembershipImportStatus.CHECKED


def test_the_save_creates_organisations_and_active_memberships(officer, network, run):
    # given a checked file without errors
    cache.set("public-pages:generation", 3, timeout=None)
    rows = [
        member_row(1, tipologia="public_body", dimensione="grande"),
        member_row(2, membro_dal="", consenso_elenco="no", comune="Legnano"),
    ]
    job = _upload(run, officer, network, rows)
    assert (job.status, job.error_count) == (MembershipImportStatus.CHECKED, 0)

    # when the officer confirms
    job = _confirm(run, officer, job)

    # then
    assert job.status == MembershipImportStatus.IMPORTED
    assert (job.organisations_created, job.memberships_created) == (2, 2)
    assert job.processed_rows == job.total_rows == 2
    assert job.finished_at is not None
    first = Organisation.objects.get(tax_code=rows[0]["codice_fiscale"])
    assert (first.legal_name, first.typology, first.size_class) == (
        "Ente importato 1",
        Typology.PUBLIC_BODY,
        SizeClass.LARGE,
    )
    legnano = Comune.objects.get(name="Legnano")
    second = Organisation.objects.get(tax_code=rows[1]["codice_fiscale"])
    assert (second.comune, second.ambito_id) == (legnano, legnano.ambito_id)
    memberships = {m.organisation_id: m for m in Membership.objects.all()}
    one, two = memberships[first.pk], memberships[second.pk]
    assert one.status == two.status == MembershipStatus.ACTIVE
    assert one.member_since == datetime.date(2021, 3, 15)
    assert two.member_since == timezone.localdate()
    assert one.requested_by == officer
    assert one.decided_at is not None
    assert one.privacy_accepted_at is None
    assert one.regulation_accepted_at is None
    assert one.contact_email == "referente1@example.org"
    assert (one.directory_consent, two.directory_consent) == (True, False)
    year = timezone.localdate().year
    assert sorted([one.protocol_number, two.protocol_number]) == [
        f"{network.ats.code}-{year}-00001",
        f"{network.ats.code}-{year}-00002",
    ]
    assert cache.get("public-pages:generation") == 4


def test_the_save_audits_every_organisation_membership_and_the_job(
    officer, network, run
):
    # given
    existing = OrganisationFactory.create(tax_code=member_row(1)["codice_fiscale"])
    job = _upload(run, officer, network, [member_row(1), member_row(2), member_row(3)])

    # when
    job = _confirm(run, officer, job)

    # then
    created = AuditEvent.objects.filter(verb="organisation.create")
    assert created.count() == 2
    assert created.filter(object_id=str(existing.pk)).count() == 0
    event = created.get(object_repr="Ente importato 2")
    assert event.changes["tax_code"] == [None, member_row(2)["codice_fiscale"]]
    assert event.actor == officer
    imported = AuditEvent.objects.filter(verb="membership.import")
    assert imported.count() == 3
    assert set(imported.values_list("to_state", flat=True)) == {"active"}
    final = AuditEvent.objects.for_object(job).get(verb="membership_import.import")
    assert final.changes == {
        "organisations_created": [0, 2],
        "memberships_created": [0, 3],
    }


def test_an_existing_organisation_is_reused_and_not_modified(officer, network, run):
    # given an organisation already registered, once a member of an earlier network
    organisation = OrganisationFactory.create(
        tax_code=member_row(1)["codice_fiscale"],
        legal_name="Nome nell'anagrafe",
        typology=Typology.TRADE_UNION,
    )
    make_membership(
        network=network,
        organisation=organisation,
        status=MembershipStatus.WITHDRAWN,
        member_since=datetime.date(2015, 1, 1),
    )
    job = _upload(run, officer, network, [member_row(1, denominazione="Altro nome")])

    # when
    job = _confirm(run, officer, job)

    # then
    assert (job.organisations_created, job.memberships_created) == (0, 1)
    organisation.refresh_from_db()
    assert organisation.legal_name == "Nome nell'anagrafe"
    assert organisation.typology == Typology.TRADE_UNION
    membership = Membership.objects.get(
        organisation=organisation, status=MembershipStatus.ACTIVE
    )
    assert membership.member_since == datetime.date(2015, 1, 1)  # first joined


def test_protocol_numbers_are_reserved_as_one_block(officer, network, run):
    # given numbers already given this year
    year = timezone.localdate().year
    ProtocolCounter.objects.create(ats=network.ats, year=year, last_number=41)
    job = _upload(run, officer, network, [member_row(n) for n in range(3)])

    # when
    _confirm(run, officer, job)

    # then
    numbers = sorted(Membership.objects.values_list("protocol_number", flat=True))
    code = network.ats.code
    assert numbers == [f"{code}-{year}-{n:05d}" for n in (42, 43, 44)]
    assert ProtocolCounter.objects.get(ats=network.ats, year=year).last_number == 44


def test_a_row_that_became_a_member_after_the_check_means_nothing_is_saved(
    officer, network, run
):
    # given a file checked without errors
    job = _upload(run, officer, network, [member_row(n) for n in range(4)])
    organisations_before = Organisation.objects.count()
    # ... and, before the confirmation, one of its organisations joins
    make_membership(
        network=network,
        organisation=OrganisationFactory.create(
            tax_code=member_row(2)["codice_fiscale"]
        ),
        status=MembershipStatus.ACTIVE,
    )

    # when
    job = _confirm(run, officer, job)

    # then nothing is saved and the officer is told why
    assert job.status == MembershipImportStatus.FAILED
    assert "nessun aderente è stato importato" in job.failure
    assert [(item["row"], item["column"]) for item in job.report] == [
        (4, "codice_fiscale")
    ]
    assert job.error_count == 1
    assert Organisation.objects.count() == organisations_before + 1  # the joiner
    assert Membership.objects.count() == 1
    assert not ProtocolCounter.objects.filter(last_number__gt=1).exists()
    assert (
        AuditEvent.objects.for_object(job)
        .filter(verb="membership_import.fail")
        .exists()
    )


def test_an_error_in_the_middle_of_the_save_rolls_everything_back(
    officer, network, run, monkeypatch
):
    # given a save written in chunks of two rows, whose third chunk fails
    monkeypatch.setattr(services, "SAVE_CHUNK_ROWS", 2)
    job = _upload(run, officer, network, [member_row(n) for n in range(5)])
    organisations_before = Organisation.objects.count()
    real = services.event_record_many
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["verb"])
        if len(calls) == 5:
            raise RuntimeError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(services, "event_record_many", failing)

    # when
    job = _confirm(run, officer, job)

    # then
    assert job.status == MembershipImportStatus.FAILED
    assert "errore imprevisto" in job.failure
    assert Organisation.objects.count() == organisations_before
    assert not Membership.objects.exists()
    assert not AuditEvent.objects.filter(verb="membership.import").exists()


def test_a_racing_duplicate_at_save_time_becomes_a_failure(
    officer, network, run, monkeypatch
):
    # given another writer registers an organisation of the file during the save
    job = _upload(run, officer, network, [member_row(1), member_row(2)])
    real_existing = services._existing_organisations

    def racing(tax_codes):
        found = real_existing(tax_codes)
        OrganisationFactory.create(tax_code=member_row(2)["codice_fiscale"])
        return found

    monkeypatch.setattr(services, "_existing_organisations", racing)

    # when
    job = _confirm(run, officer, job)

    # then
    assert job.status == MembershipImportStatus.FAILED
    assert "Un altro utente" in job.failure
    assert not Membership.objects.exists()


def test_the_save_reports_progress_through_the_cache(
    officer, network, run, monkeypatch
):
    # given
    monkeypatch.setattr(services, "SAVE_CHUNK_ROWS", 2)
    job = _upload(run, officer, network, [member_row(n) for n in range(5)])
    key = membership_import_progress_key(job.pk)
    written = []
    real_set = services.cache.set

    def spy(cache_key, value, *args, **kwargs):
        if cache_key == key:
            written.append(value)
        return real_set(cache_key, value, *args, **kwargs)

    monkeypatch.setattr(services.cache, "set", spy)

    # when
    _confirm(run, officer, job)

    # then
    assert written == [0, 2, 4, 5]


def test_progress_reads_the_cache_while_importing_and_the_job_otherwise(
    officer, network
):
    # given
    job = MembershipImport.objects.create(
        network=network,
        created_by=officer,
        file=ContentFile(b"x", name="x.csv"),
        original_filename="x.csv",
        status=MembershipImportStatus.IMPORTING,
        total_rows=10,
        processed_rows=0,
    )
    cache.set(membership_import_progress_key(job.pk), 7)

    # when / then
    progress = membership_import_progress(membership_import=job)
    assert (progress.done, progress.total, progress.running) == (7, 10, True)
    assert progress.percent == 70
    job.status = MembershipImportStatus.IMPORTED
    job.processed_rows = 10
    progress = membership_import_progress(membership_import=job)
    assert (progress.done, progress.running) == (10, False)


def test_the_check_saves_its_progress_on_the_job_as_it_goes(
    officer, network, run, monkeypatch
):
    monkeypatch.setattr(services, "CHECK_PROGRESS_EVERY", 2)

    with CaptureQueriesContext(connection) as queries:
        _upload(run, officer, network, [member_row(n) for n in range(5)])

    progress_updates = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(
            'UPDATE "registry_membershipimport" SET "processed_rows"'
        )
    ]
    assert len(progress_updates) == 2  # after rows 2 and 4 (5 is the final save)


def test_an_xlsx_file_is_imported(officer, network, run):
    rows = [member_row(1, membro_dal=datetime.datetime(2020, 5, 1))]

    job = _upload(run, officer, network, rows, name="a.xlsx", data=xlsx_bytes(rows))
    job = _confirm(run, officer, job)

    assert job.status == MembershipImportStatus.IMPORTED
    assert Membership.objects.get().member_since == datetime.date(2020, 5, 1)


def test_a_file_unreadable_by_the_worker_fails_the_job_with_the_reason(
    officer, network, run
):
    # given a job whose stored file no longer has the required columns
    job = MembershipImport.objects.create(
        network=network,
        created_by=officer,
        file=ContentFile(b"nome;cognome\r\nA;B\r\n", name="x.csv"),
        original_filename="x.csv",
    )

    # when
    services.membership_import_check(import_id=job.pk)

    # then
    job.refresh_from_db()
    assert job.status == MembershipImportStatus.FAILED
    assert "Colonne non riconosciute: nome, cognome" in job.failure
    assert job.finished_at is not None


def test_running_a_step_twice_changes_nothing(officer, network, run):
    job = _upload(run, officer, network, [member_row(1)])
    job = _confirm(run, officer, job)

    services.membership_import_check(import_id=job.pk)
    services.membership_import_save(import_id=job.pk)

    job.refresh_from_db()
    assert job.status == MembershipImportStatus.IMPORTED
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "ats_slug"),
    [
        ("ats_officer", "brescia"),
        ("committee_member", "milano"),
        ("citizen", "milano"),
        ("regional_officer", "milano"),
    ],
)
def test_only_the_networks_officers_may_import(who, ats_slug, make_actor, network):
    user = make_actor(who, ats_slug=ats_slug)

    with pytest.raises(PermissionDenied):
        services.membership_import_create(
            actor=user,
            network=network,
            file=upload("a.csv", csv_bytes([member_row(1)])),
        )

    assert not MembershipImport.objects.exists()


def test_only_the_networks_officers_may_confirm(make_actor, officer, network, run):
    job = _upload(run, officer, network, [member_row(1)])
    other = make_actor("ats_officer", ats_slug="brescia")

    with pytest.raises(PermissionDenied):
        services.membership_import_confirm(actor=other, membership_import=job)

    job.refresh_from_db()
    assert job.status == MembershipImportStatus.CHECKED


def test_an_officer_who_lost_the_role_before_the_check_gets_a_failed_job(
    officer, network, django_capture_on_commit_callbacks
):
    # given the upload is committed, but the officer's role ends before the worker runs
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = services.membership_import_create(
            actor=officer,
            network=network,
            file=upload("a.csv", csv_bytes([member_row(1)])),
        )
    officer.role_assignments.all().delete()

    # when
    for callback in callbacks:
        callback()

    # then
    job.refresh_from_db()
    assert job.status == MembershipImportStatus.FAILED
    assert "non ha più il permesso" in job.failure


def test_a_file_refused_by_the_service_is_a_field_error(officer, network):
    with pytest.raises(ValidationError) as exc:
        services.membership_import_create(
            actor=officer, network=network, file=upload("a.pdf", b"%PDF-1.7")
        )

    assert "Formato non ammesso" in exc.value.message_dict["file"][0]
    assert not MembershipImport.objects.exists()


def test_saving_many_rows_takes_a_few_queries_per_chunk(officer, network, run):
    # given one chunk of rows saved (which also warms every cache), then nine
    few = _upload(run, officer, network, [member_row(n) for n in range(50)])
    with CaptureQueriesContext(connection) as one_chunk:
        few = _confirm(run, officer, few)
    many = _upload(run, officer, network, [member_row(n) for n in range(50, 500)])

    # when
    with CaptureQueriesContext(connection) as three_chunks:
        many = _confirm(run, officer, many)

    # then: 3 chunks of 200 rows, a few queries per chunk, not one per row
    assert (few.memberships_created, many.memberships_created) == (50, 450)
    extra = len(three_chunks.captured_queries) - len(one_chunk.captured_queries)
    assert extra <= 2 * 15  # two more chunks, for 400 more rows
