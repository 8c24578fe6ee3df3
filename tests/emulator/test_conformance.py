"""A bounded schemathesis run over the normalized spec against a live emulator: no 5xx, no schema
violations, for generated valid and invalid requests. (Every response of the other tests is also
checked against the spec by the `make_client` fixture.)"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from webflow_cms_emulator import serving

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "webflow-cms-items.yaml"
EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


def _seed(url: str, token: str, site_id: str) -> tuple[str, list[str]]:
    """A collection with a few published items, so generated requests reach real data."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        body = {"displayName": "Fuzz", "singularName": "Fuzz", "slug": "fuzz"}
        collection_id = client.post(f"/sites/{site_id}/collections", json=body).json()["id"]
        items = [{"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}} for n in range(5)]
        created = client.post(f"/collections/{collection_id}/items", json={"items": items}).json()["items"]
        ids = [i["id"] for i in created]
        client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids})
    return collection_id, ids


def test_schemathesis_finds_no_server_errors_or_schema_violations() -> None:
    schema = schemathesis.openapi.from_path(SPEC_PATH)
    with serving(rate_limit="1000000/1") as emu:
        collection_id, item_ids = _seed(emu.url, emu.token, emu.site_id)
        headers = {"Authorization": f"Bearer {emu.token}"}
        turn = itertools.count()
        calls = 0

        def aim(case: Any) -> None:
            """Point most cases at the real collection and items; leave some ids as generated."""
            n = next(turn)
            params = case.path_parameters or {}
            if "collection_id" in params and n % 4:
                params["collection_id"] = collection_id
            if "item_id" in params and n % 3:
                params["item_id"] = item_ids[n % len(item_ids)]

        session = requests.Session()
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == 16  # every item operation in the normalized spec
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @given(case=operation.as_strategy(generation_mode=mode))
                @settings(
                    max_examples=EXAMPLES_PER_OPERATION,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                )
                def check(case: Any) -> None:
                    nonlocal calls
                    aim(case)
                    response = case.call(base_url=emu.url, headers=headers, session=session)
                    calls += 1
                    case.validate_response(response, checks=CHECKS)

                check()
        assert calls >= 16 * 2
