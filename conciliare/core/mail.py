"""E-mail through the task worker.

``TaskEmailBackend`` is the project's EMAIL_BACKEND outside tests: sending a
message (allauth's verification and reset mails, the services' notices)
enqueues ``deliver_email``; the worker (``manage.py db_worker``) hands it to
``EMAIL_DELIVERY_BACKEND`` (SMTP in production, the console in development).
A slow or unreachable mail server therefore never slows or breaks a request.
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from email.mime.base import MIMEBase
from typing import Any

from django.conf import settings
from django.core.mail import (
    EmailMessage,
    EmailMultiAlternatives,
    get_connection,
    send_mail,
)
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django_tasks import task


def message_to_dict(message: EmailMessage) -> dict[str, Any]:
    """A JSON-serialisable copy of ``message`` (attachments as text or base64)."""
    alternatives = [
        [str(content), str(mimetype)]
        for content, mimetype in getattr(message, "alternatives", [])
    ]
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            continue  # not produced by this project
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            import base64

            attachments.append(
                [filename, base64.b64encode(content).decode(), mimetype, "base64"]
            )
        else:
            attachments.append([filename, content, mimetype, "text"])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": alternatives,
        "attachments": attachments,
    }


def message_from_dict(data: dict[str, Any]) -> EmailMultiAlternatives:
    import base64

    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
    )
    for content, mimetype in data["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype, encoding in data["attachments"]:
        raw = base64.b64decode(content) if encoding == "base64" else content
        message.attach(filename, raw, mimetype)
    return message


@task()
def deliver_email(messages: list[dict[str, Any]]) -> int:
    """Send queued messages through the real delivery backend."""
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    return connection.send_messages([message_from_dict(m) for m in messages]) or 0


class TaskEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        messages = [message_to_dict(m) for m in email_messages]
        if not messages:
            return 0
        deliver_email.enqueue(messages=messages)
        return len(messages)


#: Set inside ``mail_withheld()``: notices are not sent.
_withheld: ContextVar[bool] = ContextVar("mail_withheld", default=False)


@contextmanager
def mail_withheld() -> Iterator[None]:
    """The services' notices asked for inside the block are not sent: for
    replaying past events (the demo's 2020-2023 cycle), whose people were
    told at the time."""
    token = _withheld.set(True)
    try:
        yield
    finally:
        _withheld.reset(token)


def mail_on_commit(subject: str, body: str, recipients: list[str]) -> None:
    """Send one e-mail to ``recipients`` (blanks and repeats dropped) once
    the transaction commits: a service's notice never goes out for a change
    that was rolled back (nor inside ``mail_withheld``)."""
    unique = list(dict.fromkeys(address for address in recipients if address))
    if not unique or _withheld.get():
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, None, unique, fail_silently=False)
    )
