"""The one NinjaAPI, versioned under /api/v1/; each app contributes a router."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import SessionAuth

from conciliare.applications.api import router as applications_router
from conciliare.calls.api import router as calls_router
from conciliare.core.exceptions import ApplicationError, InvalidTransition
from conciliare.documents.api import router as documents_router
from conciliare.monitoring.api import router as monitoring_router
from conciliare.opendata.api import router as opendata_router
from conciliare.partnerships.public_api import router as alliances_router
from conciliare.plans.agreement_api import router as agreements_router
from conciliare.plans.api import router as plans_router
from conciliare.projects.api import router as projects_router
from conciliare.registry.api import router as registry_router
from conciliare.registry.network_api import router as networks_router
from conciliare.reviews.api import router as rankings_router
from conciliare.reviews.evaluation_api import router as evaluations_router
from conciliare.territory.api import router as territory_router

api = NinjaAPI(
    title="Conciliare API",
    version="1.0.0",
    description="Reti territoriali per la conciliazione vita-lavoro, Regione Lombardia.",
    urls_namespace="api-v1",
)
session_auth = SessionAuth()

api.add_router("/territory", territory_router)
api.add_router("/registry", registry_router)
api.add_router("/networks", networks_router)
api.add_router("/documents", documents_router)
api.add_router("/alliances", alliances_router)
api.add_router("/projects", projects_router)
api.add_router("/calls", calls_router)
api.add_router("/applications", applications_router)
api.add_router("/rankings", rankings_router)
api.add_router("/evaluations", evaluations_router)
api.add_router("/plans", plans_router)
api.add_router("/agreements", agreements_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/opendata", opendata_router)


@api.exception_handler(InvalidTransition)
def on_invalid_transition(request: HttpRequest, exc: InvalidTransition) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(ApplicationError)
def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(
        request, {"detail": exc.message, "field": exc.field}, status=400
    )


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=400)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": "Permission denied."}, status=403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)
