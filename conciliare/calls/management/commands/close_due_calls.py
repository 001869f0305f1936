"""Close the published calls whose close time has passed.

The worker closes each call at its close time; this command is the safety
net for a worker that was down at that moment (run it from cron or by hand).
Submissions are refused after the close time whether or not it has run."""

from typing import Any

from django.core.management.base import BaseCommand

from conciliare.calls.services import calls_close_due


class Command(BaseCommand):
    help = "Chiude gli avvisi pubblicati la cui scadenza è passata."

    def handle(self, *args: Any, **options: Any) -> None:
        closed = calls_close_due()
        for call in closed:
            self.stdout.write(f"{call.pk}\t{call.status}\t{call}")
        self.stdout.write(f"{len(closed)} avvisi chiusi.")
