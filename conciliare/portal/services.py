"""Writes of the public portal: an accessibility report from a visitor."""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils.translation import gettext as _

from conciliare.accounts.services import system_user
from conciliare.audit.services import event_record
from conciliare.core.exceptions import ApplicationError
from conciliare.core.permissions import ensure_perm
from conciliare.portal.models import Feedback

#: Reports accepted from one network address per window (spam brake).
RATE_WINDOW_SECONDS = 3600


def _rate_key(client_address: str) -> str:
    return f"portal:feedback-rate:{client_address}"


@transaction.atomic
def feedback_submit(
    *, actor: Any, data: dict[str, str], language: str, client_address: str
) -> Feedback:
    """Store a report, audit it and e-mail it to the site managers.

    ``actor`` may be anonymous (the audit names the system account then).
    Raises ApplicationError when ``client_address`` already sent
    ``FEEDBACK_RATE_LIMIT`` reports within the hour, ValidationError for
    invalid data.
    """
    ensure_perm(actor, "portal.add_feedback")
    key = _rate_key(client_address)
    if int(cache.get(key, 0)) >= settings.FEEDBACK_RATE_LIMIT:
        raise ApplicationError(
            _(
                "Sono state inviate troppe segnalazioni da questa rete: "
                "riprovare tra un'ora."
            )
        )
    signed_in = bool(getattr(actor, "is_authenticated", False))
    feedback = Feedback(
        name=data.get("name", ""),
        email=data["email"],
        page_url=data["page_url"],
        message=data["message"],
        language=language,
        user=actor if signed_in else None,
    )
    feedback.full_clean()
    feedback.save()
    event_record(
        actor=actor if signed_in else system_user(),
        verb="feedback.create",
        target=feedback,
        note=feedback.page_url,
    )
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS) is False:
        try:
            cache.incr(key)
        except ValueError:  # expired meanwhile
            cache.set(key, 1, timeout=RATE_WINDOW_SECONDS)
    transaction.on_commit(lambda: _notify_managers(feedback))
    return feedback


def _notify_managers(feedback: Feedback) -> None:
    recipients = [address for _name, address in settings.MANAGERS]
    if not recipients:
        return
    body = _(
        "Nuova segnalazione sull'accessibilità di Conciliare.\n\n"
        "Pagina: %(page)s\nNome: %(name)s\nE-mail: %(email)s\nLingua: %(language)s\n\n"
        "%(message)s\n"
    ) % {
        "page": feedback.page_url,
        "name": feedback.name or "—",
        "email": feedback.email,
        "language": feedback.language,
        "message": feedback.message,
    }
    EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}"
        + _("Segnalazione di accessibilità n. %(number)s") % {"number": feedback.pk},
        body=body,
        to=recipients,
        reply_to=[feedback.email],
    ).send()
