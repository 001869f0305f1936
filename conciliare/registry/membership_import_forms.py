"""The upload form of a member-list import."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.registry.membership_import_reading import (
    ImportFileError,
    import_file_columns,
    import_file_size_check,
)


class MembershipImportUploadForm(StyledForm):
    """The file is refused here when it cannot be imported as a whole
    (format, size, columns); its rows are checked by the worker."""

    file = forms.FileField(
        label=_("Elenco degli aderenti (CSV o XLSX)"),
        help_text=_(
            "Al massimo 5 MB e 20.000 righe. La prima riga contiene i nomi delle "
            "colonne, come nel modello."
        ),
        widget=forms.ClearableFileInput(
            attrs={
                "accept": (
                    ".csv,.xlsx,text/csv,application/vnd.openxmlformats-"
                    "officedocument.spreadsheetml.sheet"
                )
            }
        ),
    )

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        try:
            import_file_size_check(file.size or 0)
            file.seek(0)
            data = file.read()
            file.seek(0)
            import_file_columns(data=data, filename=file.name or "")
        except ImportFileError as exc:
            raise ValidationError(exc.message, code="file") from None
        return file

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's refusal of the file, next to the file field."""
        for message in exc.messages:
            self.add_error("file", message)
        widget = self.fields["file"].widget
        widget.attrs["aria-invalid"] = "true"
        widget.attrs["aria-describedby"] = (
            f"{self['file'].auto_id}_error {self['file'].auto_id}_helptext"
        )
        widget.attrs["class"] = "form-control is-invalid"
