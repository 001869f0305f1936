"""Routes of the monitoring's statement pages (joined in ``monitoring.urls``)."""

from django.urls import URLPattern, URLResolver, path

from conciliare.monitoring import statement_views as views

_STATEMENT = "<str:code>/rendiconti/<int:pk>/"
_EXPENSE = _STATEMENT + "spese/<int:expense_pk>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "<str:code>/rendiconti/nuovo/",
        views.statement_create,
        name="statement-create",
    ),
    path(_STATEMENT, views.statement_detail, name="statement-detail"),
    path(_STATEMENT + "spese/", views.expense_add, name="expense-add"),
    path(_EXPENSE + "elimina/", views.expense_remove, name="expense-remove"),
    path(_EXPENSE + "verifica/", views.expense_check, name="expense-check"),
    path(
        _EXPENSE + "autocertificazione/",
        views.expense_verify,
        name="expense-verify",
    ),
    path(_STATEMENT + "campione/", views.statement_sample, name="statement-sample"),
    path(_STATEMENT + "invia/", views.statement_submit, name="statement-submit"),
    path(_STATEMENT + "chiudi/", views.statement_close, name="statement-close"),
    path(
        _STATEMENT + "integrazioni/",
        views.statement_request_changes,
        name="statement-request-changes",
    ),
    path(_STATEMENT + "riapri/", views.statement_reopen, name="statement-reopen"),
]
