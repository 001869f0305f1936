"""REST API of the applications: the ones the signed-in user may see, one
application, and its submission through the same service as the web form.

Session authentication (``django_auth``): a POST must carry the CSRF token
(``X-CSRFToken`` header, from the ``csrftoken`` cookie), as every form of
the site does. A submission needs an ``Idempotency-Key`` header (a UUID):
the same key always answers with the same submission, so a client may
retry safely after a network error.
"""

import uuid
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.security import django_auth

from conciliare.accounts.models import User
from conciliare.applications.models import Application, ApplicationStatus, Submission
from conciliare.applications.selectors import (
    application_get_for_user,
    application_visible_to,
)
from conciliare.applications.submission_services import application_submit
from conciliare.core.request_time import request_received_at

router = Router(tags=["applications"], auth=django_auth)

#: Largest page a client may ask for with ``limit``.
MAX_PAGE_SIZE = 100
IDEMPOTENCY_HEADER = "Idempotency-Key"


class ApiRequest(HttpRequest):
    """A request that passed ``django_auth``: ``auth`` is the signed-in user."""

    auth: User


class CallRef(Schema):
    id: int
    title: str


class AllianceRef(Schema):
    id: int
    name: str


class SubmissionOut(Schema):
    id: int
    application: int
    protocol_number: str
    received_at: datetime
    submitted_at: datetime
    snapshot_sha256: str
    grant_requested: Decimal
    total_cost: Decimal

    @staticmethod
    def resolve_application(obj: Submission) -> int:
        return obj.application_id


class ApplicationOut(Schema):
    id: int
    status: ApplicationStatus
    status_label: str
    call: CallRef
    alliance: AllianceRef
    ats: str
    title: str
    version: int
    submitted_at: datetime | None
    updated_at: datetime
    current_submission: SubmissionOut | None

    @staticmethod
    def resolve_status_label(obj: Application) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_ats(obj: Application) -> str:
        return obj.ats.slug


class ApplicationDetailOut(ApplicationOut):
    #: What was submitted (only while the application is submitted).
    snapshot: dict[str, Any] | None

    @staticmethod
    def resolve_snapshot(obj: Application) -> dict[str, Any] | None:
        submission = obj.current_submission
        if obj.status != ApplicationStatus.SUBMITTED or submission is None:
            return None
        snapshot: dict[str, Any] = submission.snapshot
        return snapshot


@router.get("/", response=list[ApplicationOut], summary="Domande visibili")
@paginate(LimitOffsetPagination, max_limit=MAX_PAGE_SIZE)
def application_list_api(request: ApiRequest) -> QuerySet[Application]:
    """The applications the user may open: the drafts of the user's alliances,
    and the submitted ones of the officers' ATS (every one for the Region)."""
    return (
        application_visible_to(user=request.auth)
        .select_related("call", "alliance", "ats", "current_submission")
        .defer("current_submission__snapshot")
        .order_by("pk")
    )


@router.get("/{pk}", response=ApplicationDetailOut, summary="Una domanda")
def application_detail_api(request: ApiRequest, pk: int) -> Application:
    """404 alike for a missing application and for one the user may not see."""
    return application_get_for_user(user=request.auth, pk=pk)


@router.post(
    "/{pk}/submit",
    response={200: SubmissionOut, 201: SubmissionOut},
    summary="Invia una domanda",
    openapi_extra={
        "parameters": [
            {
                "in": "header",
                "name": IDEMPOTENCY_HEADER,
                "required": True,
                "schema": {"type": "string", "format": "uuid"},
                "description": "Un UUID per invio, uguale nei tentativi.",
            }
        ]
    },
)
def application_submit_api(request: ApiRequest, pk: int) -> Status[Submission]:
    """Submit the application with the ``Idempotency-Key`` header: 201 with
    the new submission, 200 with the same body when the key was used
    already. A refusal is a 400 (closed call, the rules of the call not met,
    with every reason), a 403 for who may not submit."""
    received_at = request_received_at(request)  # the deadline counts from here
    key = _idempotency_key(request)
    application = application_get_for_user(user=request.auth, pk=pk)
    submission = application_submit(
        actor=request.auth, application=application, key=key, received_at=received_at
    )
    # A submission made by this request carries this request's time; one
    # made earlier with the same key carries its own.
    created = submission.received_at == received_at
    return Status(201 if created else 200, submission)


def _idempotency_key(request: HttpRequest) -> uuid.UUID:
    value = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not value:
        raise HttpError(
            400,
            _(
                "Manca l'intestazione %(header)s: indicare un UUID nuovo per "
                "ogni invio e ripeterlo uguale nei tentativi."
            )
            % {"header": IDEMPOTENCY_HEADER},
        )
    try:
        return uuid.UUID(value)
    except ValueError:
        raise HttpError(
            400,
            _("L'intestazione %(header)s deve essere un UUID.")
            % {"header": IDEMPOTENCY_HEADER},
        ) from None
