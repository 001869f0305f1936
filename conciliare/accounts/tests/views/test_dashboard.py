import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conciliare.accounts.models import Role, RoleAssignment, User
from conciliare.accounts.tests.factories import ROLES, ats
from conciliare.registry.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

#: The links of other apps each role gets (with the rules of those apps).
LINKS = {
    "citizen": {"territory:ats-list", "documents:document-list"},
    Role.ORGANISATION_REPRESENTATIVE: {
        "registry:organisation-detail",
        "documents:document-list",
        "applications:application-list",
    },
    Role.COMMITTEE_MEMBER: {
        "territory:ats-detail",
        "registry:organisation-list",
        "documents:document-list",
        "calls-manage:guidance-list",
    },
    Role.ATS_OFFICER: {
        "territory:ats-detail",
        "registry:organisation-list",
        "registry:organisation-create",
        "documents:document-create",
        "documents:document-list",
        "calls-manage:guidance-list",
        "calls-manage:call-list",
    },
    Role.REGIONAL_OFFICER: {
        "territory:ats-list",
        "registry:organisation-list",
        "registry:organisation-create",
        "documents:document-create",
        "documents:document-list",
        "calls-manage:guidance-list",
        "calls-manage:call-list",
    },
}


def _get(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _main(html):
    """The page's own content, without the site's header and footer."""
    return html[html.index("<main") : html.index("</main>")]


def _url(name, user):
    if name == "territory:ats-detail":
        return ats("milano").get_absolute_url()
    if name == "registry:organisation-detail":
        return reverse(name, kwargs={"pk": user.roles[0].organisation_id})
    return reverse(name)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", [w for w in ROLES if w != "anonymous"])
def test_each_role_gets_the_links_it_may_use(client, login_as, who):
    # given
    user = login_as(who)
    # when
    html = _main(_get(client))
    # then
    links = set(re.findall(r'<a href="([^"]+)"', html))
    for name in LINKS[who]:
        assert _url(name, user) in links, name
    for name in set().union(*LINKS.values()) - LINKS[who]:
        if name not in ("territory:ats-detail", "registry:organisation-detail"):
            assert _url(name, user) not in links, name


@pytest.mark.parametrize(
    ("who", "role_name", "scope"),
    [
        (Role.REGIONAL_OFFICER, "Funzionario regionale", "Regione Lombardia"),
        (
            Role.ATS_OFFICER,
            "Funzionario ATS",
            "ATS della Città Metropolitana di Milano",
        ),
        (
            Role.COMMITTEE_MEMBER,
            "Componente del Comitato",
            "ATS della Città Metropolitana di Milano",
        ),
    ],
)
def test_staff_see_each_role_with_its_scope(client, login_as, who, role_name, scope):
    login_as(who)
    html = _main(_get(client))
    assert f">{role_name}</h3>" in html
    assert scope in html
    assert "autenticazione a due fattori è attiva." in html


def test_a_representative_sees_the_organisation(client, login_as):
    organisation = OrganisationFactory.create(legal_name="Associazione IRENE")
    login_as(Role.ORGANISATION_REPRESENTATIVE, organisation=organisation)
    html = _main(_get(client))
    assert ">Referente di ente</h3>" in html
    assert f'<a href="{organisation.get_absolute_url()}">Associazione IRENE</a>' in html


def test_a_citizen_is_told_what_a_citizen_may_do(client, login_as):
    login_as("citizen")
    html = _main(_get(client))
    assert "Sei registrato come cittadino" in html
    assert "<h3" not in html
    assert "autenticazione a due fattori non è attiva." in html


def test_a_regional_officer_with_admin_access_is_pointed_to_role_management(
    client, login_as
):
    user = login_as(Role.REGIONAL_OFFICER)
    changelist = reverse("admin:accounts_user_changelist")
    assert changelist not in _get(client)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    assert f'href="{changelist}"' in _get(client)


def test_the_query_count_does_not_grow_with_the_roles(client, login_as):
    # given
    user = login_as(Role.ATS_OFFICER)
    with CaptureQueriesContext(connection) as one_role:
        _get(client)
    RoleAssignment.objects.create(user=user, role=Role.ATS_OFFICER, ats=ats("brescia"))
    RoleAssignment.objects.create(
        user=user, role=Role.COMMITTEE_MEMBER, ats=ats("bergamo")
    )
    # when
    with CaptureQueriesContext(connection) as three_roles:
        html = _get(client)
    # then
    assert html.count('class="card-title h5"') == 3
    assert len(three_roles) == len(one_role)


def test_the_dashboard_is_in_english_under_en(client, login_as):
    login_as("citizen")
    response = client.get("/en/area-riservata/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
