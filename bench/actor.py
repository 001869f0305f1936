"""Prepare the signed-in actor for the benchmark and print it as one JSON line.

Run by ``bench/run.py`` as ``python bench/actor.py`` with the benchmark's
environment (database, cache, settings). Idempotent: it creates an ATS officer
of ATS Milano with a TOTP authenticator when missing, then a fresh session in
the configured ``SESSION_ENGINE``, signed in through the first configured
authentication backend that can load the user (what ``login()`` would store),
and picks an organisation for the detail page, and the synthetic call of
``load_demo --scale N`` with one of its applications (the one in the middle
of the list) and the number of its last page of applications.
"""

import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OFFICER_EMAIL = "bench-officer@conciliare.example"
#: A well-known base32 TOTP seed: enrolment only, nobody signs in with it.
TOTP_SEED = "JBSWY3DPEHPK3PXP"


def session_store() -> Any:
    """A new session of the configured engine (db, cached_db, cache...)."""
    from django.conf import settings

    return import_module(settings.SESSION_ENGINE).SessionStore()


def backend_for(user_id: int) -> str:
    """The first configured backend able to load the user, as ``login()`` does.

    Django's ``ModelBackend`` when it is configured, else e.g. the project's
    own e-mail backend; never the permission-only ``rules`` backend.
    """
    from django.conf import settings
    from django.contrib.auth import load_backend

    preferred = "django.contrib.auth.backends.ModelBackend"
    paths = list(settings.AUTHENTICATION_BACKENDS)
    if preferred in paths:
        paths.remove(preferred)
        paths.insert(0, preferred)
    for path in paths:
        backend = load_backend(path)
        get_user = getattr(backend, "get_user", None)
        if get_user is not None and get_user(user_id) is not None:
            return path
    raise SystemExit("no authentication backend can load the bench officer")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()

    from allauth.mfa.models import Authenticator
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
    )
    from django.db.models import Count

    from conciliare.accounts.models import Role, RoleAssignment, User
    from conciliare.applications.models import Application
    from conciliare.applications.officer_views import PAGE_SIZE
    from conciliare.calls.models import Call
    from conciliare.demo.calls import CALL_TITLE as MILANO_2020_CALL
    from conciliare.demo.synthetic_applications import CALL_TITLE
    from conciliare.partnerships.models import Alliance
    from conciliare.plans.models import TerritorialPlan
    from conciliare.projects.models import Project
    from conciliare.registry.models import Network, Organisation
    from conciliare.reviews.models import Ranking
    from conciliare.territory.models import ATS

    milano = ATS.objects.get(slug="milano")
    user, _ = User.objects.get_or_create(
        email=OFFICER_EMAIL, defaults={"full_name": "Bench ATS Officer"}
    )
    RoleAssignment.objects.get_or_create(user=user, role=Role.ATS_OFFICER, ats=milano)
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        Authenticator.objects.create(
            user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SEED}
        )

    session = session_store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend_for(user.pk)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()

    # the alliance with the most partners, and a project of it
    alliance = (
        Alliance.objects.annotate(n=Count("partners")).order_by("-n", "pk").first()
    )
    project = Project.objects.filter(alliance=alliance).order_by("pk").first()
    organisations = Organisation.objects.order_by("pk")
    organisation = (
        organisations.filter(ambito__ats=milano).first() or organisations.first()
    )
    call = Call.objects.filter(ats=milano, title=CALL_TITLE).first()
    received = Application.objects.filter(
        call=call, submitted_at__isnull=False
    ).order_by("submitted_at", "pk")
    received_count = received.count() if call else 0
    application_pk = (
        received.values_list("pk", flat=True)[received_count // 2]
        if received_count
        else None
    )
    # ATS Milano's 2020 call, reviewed, ranked and planned by load_demo
    reviewed = Call.objects.filter(ats=milano, title=MILANO_2020_CALL).first()
    ranking = Ranking.objects.filter(call=reviewed).first()
    plan = TerritorialPlan.objects.filter(call=reviewed).first()
    print(
        json.dumps(
            {
                "reviewed_call_pk": reviewed.pk if reviewed else None,
                "ranking_pk": ranking.pk if ranking else None,
                "plan_pk": plan.pk if plan else None,
                "user_id": user.pk,
                "sessionid": session.session_key,
                "organisation_pk": organisation.pk if organisation else None,
                "alliance_path": alliance.get_absolute_url() if alliance else None,
                "project_path": project.get_absolute_url() if project else None,
                "network_pk": Network.objects.filter(
                    ats=milano, period__slug="2025-2027"
                )
                .values_list("pk", flat=True)
                .first(),
                "organisations": Organisation.objects.count(),
                "synthetic_call_pk": call.pk if call else None,
                "synthetic_application_pk": application_pk,
                "synthetic_last_page": (
                    -(-received_count // PAGE_SIZE) if received_count else None
                ),
                "synthetic_applications": received_count,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
