"""Send the report reminders due today and, with ``--schedule``, enqueue
the worker's daily run (``make run`` calls it before starting the worker).
Safe to run again: a reminder already sent is not sent twice, and a daily
run already waiting is not doubled."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from conciliare.monitoring.reminder_services import reminders_send
from conciliare.monitoring.reminder_tasks import reminders_schedule_next


class Command(BaseCommand):
    help = (
        "Invia i promemoria delle relazioni in scadenza o scadute; con "
        "--schedule programma l'invio quotidiano nel worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="Programma l'invio quotidiano (alle 7:00) nel worker delle attività.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = reminders_send()
        for reminder in sent:
            self.stdout.write(
                f"{reminder.get_kind_display()}\t{reminder.deadline}\t"
                f"{', '.join(reminder.recipients)}"
            )
        self.stdout.write(f"{len(sent)} promemoria inviati.")
        if options["schedule"]:
            run_after = reminders_schedule_next()
            if run_after is None:
                self.stdout.write("Invio quotidiano già programmato o non disponibile.")
            else:
                self.stdout.write(
                    f"Prossimo invio programmato: {run_after:%d/%m/%Y %H:%M}."
                )
