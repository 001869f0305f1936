"""The user admin: read-mostly; roles change only through the audited services."""

import pytest
from django.urls import reverse

from conciliare.accounts.models import Role, RoleAssignment
from conciliare.accounts.tests.factories import ats, make_user
from conciliare.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(client, enrol_totp):
    """A technical administrator (who, like all staff, has TOTP enrolled)."""
    user = enrol_totp(make_user(is_staff=True, is_superuser=True))
    client.force_login(user)
    return user


def _inline_data(person, rows=(), new=None):
    """POST data for the change page: existing ``rows`` (id, delete?) and one new."""
    data = {
        "role_assignments-TOTAL_FORMS": str(len(rows) + (1 if new else 0)),
        "role_assignments-INITIAL_FORMS": str(len(rows)),
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, (assignment, delete) in enumerate(rows):
        data[f"role_assignments-{index}-id"] = str(assignment.pk)
        data[f"role_assignments-{index}-user"] = str(person.pk)
        if delete:
            data[f"role_assignments-{index}-DELETE"] = "on"
    if new:
        index = len(rows)
        data[f"role_assignments-{index}-user"] = str(person.pk)
        for field, value in new.items():
            data[f"role_assignments-{index}-{field}"] = str(value)
    return data


def _change_url(person):
    return reverse("admin:accounts_user_change", args=[person.pk])


def test_the_list_searches_by_email(client, superuser):
    make_user(email="giulia.ferri@example.org")
    make_user(email="marco.colombo@example.org")
    response = client.get(reverse("admin:accounts_user_changelist"), {"q": "ferri"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list.values_list("email", flat=True)) == [
        "giulia.ferri@example.org"
    ]


def test_a_superuser_assigns_a_role_and_it_is_audited(client, superuser):
    # given
    person = make_user()
    # when
    response = client.post(
        _change_url(person),
        _inline_data(person, new={"role": Role.ATS_OFFICER, "ats": ats("milano").pk}),
    )
    # then
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=person)
    assert (assignment.role, assignment.ats) == (Role.ATS_OFFICER, ats("milano"))
    event = AuditEvent.objects.for_object(person).get()
    assert (event.actor, event.verb) == (superuser, "role.assign")


def test_a_superuser_revokes_a_role_and_it_is_audited(client, superuser):
    # given
    person = make_user(Role.COMMITTEE_MEMBER, ats=ats("pavia"))
    # when
    response = client.post(
        _change_url(person), _inline_data(person, rows=[(person.roles[0], True)])
    )
    # then
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(user=person).exists()
    event = AuditEvent.objects.for_object(person).get()
    assert (event.actor, event.verb) == (superuser, "role.revoke")


def test_a_role_without_its_scope_is_refused_with_a_message(client, superuser):
    person = make_user()
    response = client.post(
        _change_url(person), _inline_data(person, new={"role": Role.ATS_OFFICER})
    )
    assert response.status_code == 200
    assert (
        "Questo ruolo richiede un&#x27;ATS e nessun ente." in response.content.decode()
    )
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_the_person_s_own_fields_are_not_changed_here(client, superuser):
    person = make_user(full_name="Sara Brambilla")
    data = _inline_data(person) | {"full_name": "Altro nome", "is_superuser": "on"}
    client.post(_change_url(person), data)
    person.refresh_from_db()
    assert (person.full_name, person.is_superuser) == ("Sara Brambilla", False)


def test_people_are_neither_added_nor_deleted_here(client, superuser):
    person = make_user()
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403
    assert (
        client.get(reverse("admin:accounts_user_delete", args=[person.pk])).status_code
        == 403
    )


def test_staff_who_may_not_assign_roles_only_read(client, login_as):
    # given an ATS officer with access to the admin
    officer = login_as(Role.ATS_OFFICER)
    officer.is_staff = True
    officer.save()
    person = make_user()
    # when
    page = client.get(_change_url(person))
    response = client.post(
        _change_url(person),
        _inline_data(person, new={"role": Role.REGIONAL_OFFICER}),
    )
    # then
    assert page.status_code == 200
    app_list = client.get(reverse("admin:index")).context["app_list"]
    assert "accounts" in {app["app_label"] for app in app_list}
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=person).exists()
