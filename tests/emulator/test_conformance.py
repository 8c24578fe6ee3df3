"""A bounded schemathesis run over the normalized spec (all 32 operations: items with Create Items,
collections and fields, sites, webhooks) against a live emulator: no 5xx, no schema violations, for generated valid
and invalid requests. (Every response of the other tests is also checked against the spec by the
`make_client` fixture.)"""

from __future__ import annotations

import itertools
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from webflow_cms_emulator import serving
from webflow_cms_emulator.webhooks import TRIGGER_TYPES

EXAMPLES_PER_OPERATION = 3
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


OPERATIONS = 32
_spares = itertools.count(1)


def _seed(client: httpx.Client, site_id: str) -> tuple[str, list[str]]:
    """A collection with a few published items, so generated requests reach real data."""
    body = {"displayName": "Fuzz", "singularName": "Fuzz", "slug": "fuzz"}
    collection_id = client.post(f"/sites/{site_id}/collections", json=body).json()["id"]
    items = [{"fieldData": {"name": f"n{n}", "slug": f"n-{n}"}} for n in range(5)]
    created = client.post(f"/collections/{collection_id}/items", json={"items": items}).json()["items"]
    ids = [i["id"] for i in created]
    client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids})
    return collection_id, ids


def _spare_field(client: httpx.Client, site_id: str) -> tuple[str, str]:
    """A throwaway collection with one custom field: (collection id, field id), for the field and
    collection cases that may change or delete them without starving the cases after them."""
    n = next(_spares)
    fields = [{"displayName": "Extra", "type": "Number"}]
    body = {"displayName": f"Spare {n}", "singularName": "Spare", "fields": fields}
    collection = client.post(f"/sites/{site_id}/collections", json=body).json()
    return collection["id"], collection["fields"][-1]["id"]


def _spare_webhook(client: httpx.Client, site_id: str) -> str:
    """A throwaway webhook (another trigger type each time, to stay under 75 per type)."""
    n = next(_spares)
    hook = {"triggerType": TRIGGER_TYPES[n % len(TRIGGER_TYPES)], "url": f"https://hooks.example.com/{n}"}
    webhook_id: str = client.post(f"/sites/{site_id}/webhooks", json=hook).json()["id"]
    return webhook_id


def test_schemathesis_finds_no_server_errors_or_schema_violations(normalized_spec: dict[str, Any]) -> None:
    """The spec as `conftest.load_spec` reads it (null allowed where Webflow is documented to send it)."""
    schema = schemathesis.openapi.from_dict(normalized_spec)
    # No publish interval: positive publish cases reach the publish itself, not only the 429.
    with serving(rate_limit="1000000/1", site_publish_interval=0) as emu:
        headers = {"Authorization": f"Bearer {emu.token}"}
        seeder = httpx.Client(base_url=emu.url, headers=headers)
        collection_id, item_ids = _seed(seeder, emu.site_id)
        turn = itertools.count()
        calls = 0

        def aim(case: Any) -> None:
            """Point most cases at the real site, collection, items, fields and webhooks; leave some ids
            as generated. Field, collection and webhook ids go to a fresh spare each time."""
            n = next(turn)
            params = case.path_parameters or {}
            if "collection_id" in params and n % 4:
                deleting = case.method.upper() == "DELETE" and case.path == "/collections/{collection_id}"
                if deleting or "field_id" in params:
                    params["collection_id"], field_id = _spare_field(seeder, emu.site_id)
                    if "field_id" in params and n % 3:
                        params["field_id"] = field_id
                else:
                    params["collection_id"] = collection_id
            if "item_id" in params and n % 3:
                params["item_id"] = item_ids[n % len(item_ids)]
            if "site_id" in params and n % 4:
                params["site_id"] = emu.site_id
            if "webhook_id" in params and n % 4:
                params["webhook_id"] = _spare_webhook(seeder, emu.site_id)

        session = requests.Session()
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) == OPERATIONS  # every operation in the normalized spec
        runs = 0
        for operation in operations:
            inputs = [*operation.path_parameters, *operation.query, *operation.headers, *operation.body]
            # GET /sites takes nothing: no request can be invalid, so it only has positive cases.
            modes = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE) if inputs else (GenerationMode.POSITIVE,)
            for mode in modes:
                runs += 1

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
        seeder.close()
        assert runs == OPERATIONS * 2 - 1
        assert calls >= runs
