"""The API is a committed contract: the generated schema must equal docs/openapi-v1.json.

Regenerate after an intended change with:
    sinergi manage export_openapi_schema --api sinergi.api.api --indent 2 \
        --output docs/openapi-v1.json
"""

import json
from pathlib import Path

from sinergi.api import api

COMMITTED = Path(__file__).resolve().parent.parent / "docs" / "openapi-v1.json"


def test_the_schema_has_not_drifted_from_the_committed_contract() -> None:
    generated = json.loads(json.dumps(api.get_openapi_schema(), default=str))
    assert generated == json.loads(COMMITTED.read_text()), (
        "The API changed: regenerate docs/openapi-v1.json (see this test's docstring)."
    )


def test_every_endpoint_documents_its_4xx_problems() -> None:
    schema = api.get_openapi_schema()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if path.endswith("/me"):
                continue
            assert {404, 422} <= {int(code) for code in operation["responses"]}, f"{method} {path}"
