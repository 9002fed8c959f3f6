"""The versioned REST API: ``/api/v1/``, OpenAPI at ``/api/v1/openapi.json``, docs at
``/api/v1/docs`` (Swagger UI from the django-ninja wheel; nothing loads from outside)."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

from sinergi.atlas.api import router as atlas_router
from sinergi.core.api import router as core_router
from sinergi.core.problems import install_problem_handlers
from sinergi.interventions.api import router as interventions_router
from sinergi.kube.api import router as kube_router
from sinergi.kube.market_api import router as kube_market_router
from sinergi.partners.api import router as partners_router
from sinergi.regions.api import router as regions_router
from sinergi.synergy.api import router as synergy_router
from sinergi.synergy.etalase_api import router as etalase_router
from sinergi.synergy.plan_api import router as plan_router
from sinergi.synergy.recommend_api import router as recommend_router

PROBLEM = "application/problem+json"
GEOJSON = "application/geo+json"
GEOJSON_OPERATIONS = {"boundary_collection"}


class SinergiAPI(NinjaAPI):
    """Documents the media types we really send: RFC 7807 problems for every 4xx, and
    GeoJSON for boundaries (django-ninja labels every response application/json)."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                geojson = operation.get("operationId", "").endswith(tuple(GEOJSON_OPERATIONS))
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    body = content.pop("application/json", None)
                    if body is None:
                        continue
                    if str(status).startswith("4"):
                        content[PROBLEM] = body
                    else:
                        content[GEOJSON if geojson else "application/json"] = body
        return schema


api = SinergiAPI(
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
api.add_router("/", atlas_router)
api.add_router("/", partners_router)
api.add_router("/", interventions_router)
api.add_router("/", kube_router)
api.add_router("/", kube_market_router)
api.add_router("/", synergy_router)
api.add_router("/", recommend_router)
api.add_router("/", plan_router)
api.add_router("/", etalase_router)
