import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django_tasks import default_task_backend

from conciliare.core.mail import message_from_dict, message_to_dict


def test_a_message_survives_the_trip_through_the_queue():
    # given a message with an HTML part and two attachments
    message = EmailMultiAlternatives(
        "Oggetto",
        "Testo",
        "noreply@conciliare.example",
        ["a@example.org"],
        cc=["b@example.org"],
        reply_to=["c@example.org"],
        headers={"X-Tag": "1"},
    )
    message.attach_alternative("<p>Testo</p>", "text/html")
    message.attach("ricevuta.pdf", b"%PDF-1.4 bytes", "application/pdf")
    message.attach("nota.txt", "testo", "text/plain")

    # when
    copy = message_from_dict(message_to_dict(message))

    # then
    assert (copy.subject, copy.body, copy.to, copy.cc, copy.reply_to) == (
        "Oggetto",
        "Testo",
        ["a@example.org"],
        ["b@example.org"],
        ["c@example.org"],
    )
    assert copy.extra_headers == {"X-Tag": "1"}
    assert copy.alternatives[0][:2] == ("<p>Testo</p>", "text/html")
    assert copy.attachments[0][:2] == ("ricevuta.pdf", b"%PDF-1.4 bytes")
    assert copy.attachments[1][:2] == ("nota.txt", "testo")


def test_sending_enqueues_and_the_worker_delivers(settings):
    # given the production wiring, with an in-process task backend
    settings.EMAIL_BACKEND = "conciliare.core.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    # when
    sent = mail.send_mail("Benvenuto", "Ciao", None, ["persona@example.org"])

    # then the task ran and the delivery backend received it
    assert sent == 1
    assert [m.subject for m in mail.outbox] == ["Benvenuto"]


@pytest.mark.django_db
def test_with_a_queue_nothing_is_delivered_until_the_worker_runs(settings):
    settings.EMAIL_BACKEND = "conciliare.core.mail.TaskEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}
    }
    # when
    mail.send_mail("In coda", "Ciao", None, ["persona@example.org"])

    # then the message waits in the queue for the worker
    assert mail.outbox == []
    (queued,) = default_task_backend.results
    assert queued.kwargs["messages"][0]["subject"] == "In coda"
