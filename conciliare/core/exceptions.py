"""Errors that services raise and views/API turn into messages for the user."""

from django.utils.translation import gettext as _


class ApplicationError(Exception):
    """A business rule refused the operation; ``message`` is shown to the user.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidTransition(ApplicationError):  # noqa: N818 (house-style name)
    def __init__(self, *, current: str, target: str) -> None:
        super().__init__(
            _(
                "Operazione non consentita: impossibile passare da «%(current)s» a «%(target)s»."
            )
            % {"current": current, "target": target}
        )
        self.current = current
        self.target = target
