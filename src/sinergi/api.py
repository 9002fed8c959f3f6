"""The versioned REST API: ``/api/v1/``, OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs`` (Swagger UI from the django-ninja wheel; nothing loads from outside)."""

from __future__ import annotations

from ninja import NinjaAPI

from sinergi.core.api import router as core_router
from sinergi.core.problems import install_problem_handlers
from sinergi.regions.api import router as regions_router

api = NinjaAPI(
    title="Sinergi API",
    version="1",
    description=(
        "Map Indonesia's social problems together and coordinate who helps where. "
        "Errors are RFC 7807 problem documents."
    ),
    urls_namespace="api-v1",
)
install_problem_handlers(api)
api.add_router("/", core_router)
api.add_router("/", regions_router)
