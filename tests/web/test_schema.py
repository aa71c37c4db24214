"""The OpenAPI description drives schemathesis against the app in-process: every route, generated valid and
invalid parameters, 0 server errors, and every response conforming to its documented schema and error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is in the test extra: pip install -e '.[test]'")

# Generated cases per operation (positive and negative); enough to reach every parameter of every route.
EXAMPLES = 40


@pytest.fixture(scope="module")
def api_schema(ledger_path: Path) -> Any:
    from newsledger.web.app import create_app

    # schemathesis calls the app in-process as Host "testserver": allowed here like the localhost names
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(ledger_path, allowed_hosts=["testserver"]))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_route_conforms_and_never_fails(case: Any) -> None:
    from schemathesis.checks import positive_data_acceptance

    # /api/timeline needs one of entity, cluster or q: a rule between parameters that OpenAPI cannot state, so
    # a "valid" request with none of them is rightly a 422 there (test_api.py checks that 422).
    excluded = [positive_data_acceptance] if case.operation.path == "/api/timeline" else []
    response = case.call()
    if response.status_code == 414:  # the guard refuses a query string over 4,096 bytes before validation
        assert response.json()["error"]["code"] == "uri_too_long"
        return
    case.validate_response(response, excluded_checks=excluded)


def test_every_route_is_typed(client: Any) -> None:
    spec = client.get("/openapi.json").json()
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            ok = op["responses"]["200"]["content"]
            body = next(iter(ok.values()))["schema"]
            if "json" in next(iter(ok)):
                assert body.get("$ref") or body.get("type") not in (None, "object"), (method, path)
            assert op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorResponse")
    assert {"/api/documents", "/api/documents/{doc_id}", "/api/entities", "/api/entities/{entity_id}", "/api/events",
            "/api/clusters", "/api/clusters/{cluster_id}", "/api/quotes", "/api/search", "/api/timeline",
            "/api/framing/outlets", "/api/framing/documents/{doc_id}", "/api/events.csv", "/api/quotes.jsonl"} <= set(spec["paths"])
    enums = spec["components"]["schemas"]
    assert "ASSAULT" in enums["EventType"]["enum"] and "denied" in enums["Modality"]["enum"]
