import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who",
    [
        "citizen",
        "org_representative",
        "committee_member",
        "ats_officer",
        "regional_officer",
    ],
)
def test_make_actor_gives_the_role_asked_for(make_actor, who):
    user = make_actor(who)
    assert [a.role for a in user.roles] == ([] if who == "citizen" else [who])
