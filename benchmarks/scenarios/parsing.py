"""Scenario 3, client CPU per item: turning one 100-item list answer into objects, no network involved.

The answer is read once from an emulator (the items of scenario 2's shape), then each parser is
timed in a loop long enough to measure, in rotating order. ``json.loads`` alone is the floor.
"""

from __future__ import annotations

import json
import time
import timeit
from collections.abc import Callable
from functools import partial
from typing import Any

from .. import clients
from ..emulator import Emulator
from ..harness import Options, Result, median, rotations, say

NUMBER = 3
NAME = "parsing"
TITLE = "client CPU per item"
VARIANTS = (
    "`ours` = `Item.from_wire` per item, as the SDK's pager parses a page; "
    f"`official` = {clients.PEER}'s parse path (`parse_obj_as` into `CollectionItemList`); "
    "`pydantic` = `CollectionItemList.model_validate` alone, a lower bound for the official SDK; "
    "`json.loads` = the JSON decode alone."
)
_PAGE_ITEMS = 100


async def _one_page_body() -> bytes:
    """One raw 100-item list answer, as the emulator writes it."""
    with Emulator() as emu:
        collection_id = await emu.create_collection("parsing")
        await emu.seed(collection_id, _PAGE_ITEMS)
        async with emu.admin_client() as http:
            response = await http.get(f"{emu.url}/collections/{collection_id}/items", params={"limit": _PAGE_ITEMS})
            response.raise_for_status()
            return response.content


def parsers() -> dict[str, Callable[[bytes], Any]]:
    from webflow.core.pydantic_utilities import parse_obj_as
    from webflow.types.collection_item_list import CollectionItemList

    from webflow_cms.models import Item

    def ours(body: bytes) -> Any:
        return [Item.from_wire(x) for x in json.loads(body)["items"]]

    def official(body: bytes) -> Any:
        return parse_obj_as(type_=CollectionItemList, object_=json.loads(body)).items  # as the official raw client

    def pydantic_alone(body: bytes) -> Any:
        # The same models without the SDK's per-call TypeAdapter.
        return CollectionItemList.model_validate(json.loads(body)).items

    def json_only(body: bytes) -> Any:
        return json.loads(body)["items"]

    return {"ours": ours, "official": official, "pydantic": pydantic_alone, "json.loads": json_only}


def _once(func: Callable[[bytes], Any], body: bytes) -> float:
    start = time.perf_counter()
    func(body)
    return time.perf_counter() - start


async def run(options: Options) -> Result:
    body = await _one_page_body()
    items = len(json.loads(body)["items"])
    say(NUMBER, f"one {items}-item list answer, {len(body):,} bytes")
    funcs = parsers()
    for name, func in funcs.items():
        if len(func(body)) != items:
            raise RuntimeError(f"scenario 3: {name} did not return every item")
    per_item: dict[str, list[float]] = {name: [] for name in funcs}
    loops = {name: max(1, int(options.cpu_seconds / max(_once(f, body), 1e-7))) for name, f in funcs.items()}
    for order in rotations(list(funcs), options.size(7, 1)):
        for name in order:
            seconds = timeit.timeit(partial(funcs[name], body), number=loops[name])
            per_item[name].append(seconds / loops[name] / items * 1e6)
    med = {name: median(values) for name, values in per_item.items()}
    vs_official = med["ours"] / med["official"]
    vs_json = med["ours"] / med["json.loads"]
    result = Result(NUMBER, raw={"us_per_item": per_item, "loops": loops, "body_bytes": len(body)})
    result.add(f"us per item (median, {items}-item body)", med)
    result.add("ours / official", {"ours": vs_official}, "<= 0.5", options.verdict(vs_official <= 0.5))
    result.add("ours / official models' model_validate alone", {"ours": med["ours"] / med["pydantic"]})
    result.add("ours / json.loads alone", {"ours": vs_json}, "<= 2.5", options.verdict(vs_json <= 2.5))
    return result
