"""Webflow's upstream Items spec, as published, for a schemathesis run against the emulator.

The file is read at test time from ``openapi/upstream/older/`` (vendored) and repaired in memory only where it is
not valid OpenAPI 3.1 (each repair is one small function below). Nothing from it is copied into
the repository: the seeded collection's fields are derived from the upstream examples at run time.
This module also runs the schemathesis engine (what ``st run`` runs) and turns each check failure
into short, stable *reasons* that an allow-list can name.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import schemathesis
import yaml
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.core.parameters import ParameterLocation
from schemathesis.engine import Status, StopReason, events, from_schema

from support import upstream as support_upstream

Node = dict[str, Any]

UPSTREAM = support_upstream.part("items")  # Webflow's own file's items part


def load_upstream(path: Path = UPSTREAM) -> Node:
    """The upstream file exactly as Webflow publishes it, parsed."""
    doc: Node = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc


# --------------------------------------------------------------------------
# Schema objects and the in-memory repairs
# --------------------------------------------------------------------------

_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "prefixItems")
_SUBSCHEMA = ("not", "additionalProperties", "contains", "if", "then", "else")


def _schema_roots(node: Any) -> Iterator[Node]:
    """Every Schema Object the document hangs under a ``schema`` key (parameters, media types, headers)."""
    if isinstance(node, list):
        for value in node:
            yield from _schema_roots(value)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples"):
                continue  # sample data, not structure
            if key == "schema" and isinstance(value, dict):
                yield value
            else:
                yield from _schema_roots(value)


def schemas(doc: Node) -> Iterator[Node]:
    """Every Schema Object in the document, nested ones included (depth first)."""
    stack = list(_schema_roots(doc))
    while stack:
        schema = stack.pop()
        yield schema
        stack.extend(s for s in schema.get("properties", {}).values() if isinstance(s, dict))
        items = schema.get("items")
        stack.extend(s for s in (items if isinstance(items, list) else [items]) if isinstance(s, dict))
        for key in _SUBSCHEMA_LISTS:
            stack.extend(s for s in schema.get(key, []) if isinstance(s, dict))
        stack.extend(schema[key] for key in _SUBSCHEMA if isinstance(schema.get(key), dict))


def tuple_items_to_any_of(doc: Node) -> int:
    """Upstream writes ``items: [A, B]`` under arrays (no such form in 3.1); it means each element is A or B."""
    count = 0
    for schema in schemas(doc):
        if isinstance(schema.get("items"), list):
            schema["items"] = {"anyOf": schema["items"]}
            count += 1
    return count


def schema_examples_map_to_list(doc: Node) -> int:
    """Upstream puts a map of Example Objects under a schema's ``examples``, which 3.1 requires to be a list."""
    count = 0
    for schema in schemas(doc):
        examples = schema.get("examples")
        if isinstance(examples, dict):
            schema["examples"] = [e["value"] for e in examples.values() if isinstance(e, dict) and "value" in e]
            count += 1
    return count


#: The repairs, in order. Each returns how many places it changed; one that changes nothing is stale.
REPAIRS: tuple[Callable[[Node], int], ...] = (tuple_items_to_any_of, schema_examples_map_to_list)


def repaired(doc: Node) -> tuple[Node, dict[str, int]]:
    """A repaired copy of ``doc`` and, per repair, the number of places it changed."""
    doc = copy.deepcopy(doc)
    return doc, {repair.__name__: repair(doc) for repair in REPAIRS}


# --------------------------------------------------------------------------
# Seeding the emulator
# --------------------------------------------------------------------------

_OBJECT_ID = re.compile(r"[0-9a-f]{24}")
_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")


def _field_type(value: Any) -> str:
    """The emulator field type an upstream example value was written for."""
    if isinstance(value, bool):
        return "Switch"
    if isinstance(value, int | float):
        return "Number"
    if isinstance(value, dict):
        return "File"
    if isinstance(value, list):
        return "MultiImage" if any(isinstance(v, dict) for v in value) else "MultiReference"
    if isinstance(value, str) and _OBJECT_ID.fullmatch(value):
        return "Reference"
    if isinstance(value, str) and _DATE_TIME.fullmatch(value):
        return "DateTime"
    if isinstance(value, str) and value.startswith("#"):
        return "Color"
    return "PlainText"


def example_fields(doc: Node) -> dict[str, str]:
    """Slug -> field type of every custom field the upstream examples write in ``fieldData``."""
    found: dict[str, str] = {}
    stack: list[Any] = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        data = node.get("fieldData")
        for entry in data if isinstance(data, list) else [data]:
            if isinstance(entry, dict) and {"type", "properties", "oneOf"} & set(entry):
                entry = entry.get("example")  # a schema: its own sample, if it has one
            if isinstance(entry, dict):
                for slug, value in entry.items():
                    if slug not in ("name", "slug"):
                        found.setdefault(slug, _field_type(value))
        stack.extend(node.values())
    return dict(sorted(found.items()))


@dataclass(frozen=True)
class Seed:
    collection_id: str
    #: Published items first, then drafts that were never published.
    item_ids: tuple[str, ...]


def seed(url: str, token: str, site_id: str, fields: dict[str, str], *, published: int, drafts: int) -> Seed:
    """A collection with the fields the upstream examples use, some published items and some drafts."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}) as client:
        body = {
            "displayName": "Upstream",
            "singularName": "Upstream",
            "slug": "upstream",
            "fields": [{"displayName": slug, "slug": slug, "type": kind} for slug, kind in fields.items()],
        }
        answer = client.post(f"/sites/{site_id}/collections", json=body)
        assert answer.status_code == 200, f"seeding the collection failed: {answer.status_code} {answer.text}"
        collection_id = answer.json()["id"]
        ids = []
        for n in range(published + drafts):
            item = {"isDraft": n >= published, "fieldData": {"name": f"Seed {n}", "slug": f"seed-{n}"}}
            answer = client.post(f"/collections/{collection_id}/items", json=item)
            assert answer.status_code == 202, f"seeding item {n} failed: {answer.status_code} {answer.text}"
            ids.append(answer.json()["id"])
        answer = client.post(f"/collections/{collection_id}/items/publish", json={"itemIds": ids[:published]})
        assert answer.status_code == 202, f"publishing the seed failed: {answer.status_code} {answer.text}"
    return Seed(collection_id, tuple(ids))


# --------------------------------------------------------------------------
# Failures and their reasons
# --------------------------------------------------------------------------


@dataclass
class Failure:
    """One distinct failure: an operation, a check and the reasons it gave, with one sample request."""

    operation: str
    check: str
    reasons: tuple[str, ...]
    status: int | None
    request: str
    response: str
    message: str
    count: int = 1

    def sample(self) -> str:
        """One request that failed this way, what came back, and what schemathesis made of it."""
        said = " | ".join(line.strip() for line in self.message.splitlines() if line.strip())
        return (
            f"    request: {_elide(self.request, 700)}\n"
            f"    response: {self.status} {self.response[:400]}\n"
            f"    schemathesis: {said[:400]}"
        )


def _elide(text: str, limit: int) -> str:
    """``text`` cut in the middle to at most ``limit`` characters (a curl command keeps its URL)."""
    return text if len(text) <= limit else text[: limit // 2] + " … " + text[-limit // 2 :]


_INDEX = re.compile(r"\[\d+\]")
_QUOTED = re.compile(r"'[^']*'")


def _where(param: str) -> str:
    """A request location without list indices, the batch wrapper or custom field names.

    ``items[3].fieldData.plain-text`` -> ``fieldData.*``; ``cmsLocaleIds[1]`` -> ``cmsLocaleIds``.
    """
    param = _INDEX.sub("", param).removeprefix("items.")
    return re.sub(r"^fieldData\.(?!name$|slug$).*$", "fieldData.*", param, flags=re.DOTALL)


def _error_body(text: str) -> dict[str, Any] | None:
    try:
        body = json.loads(text)
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def reasons(check: str, failure: Any, status: int | None, text: str) -> tuple[str, ...]:
    """Short, stable reasons for one check failure (one per problem the emulator named, where it named several)."""
    body = _error_body(text) or {}
    code = body.get("code")
    if check == "positive_data_acceptance":
        details = [d for d in body.get("details") or [] if isinstance(d, dict)]
        if details:
            found = {
                f"{status} {code} {_where(str(d.get('param')))}: {_QUOTED.sub('…', str(d.get('description')))}"
                for d in details
            }
            return tuple(sorted(found))
        return (f"{status} {code}: {body.get('message', text[:80])}",)
    if check == "negative_data_rejection":
        component = re.search(r"Invalid component: (.*)", failure.message)
        return (f"{status} accepted: {component.group(1) if component else failure.title}",)
    if check == "status_code_conformance":
        return (f"{status} {code} undeclared",)
    if check == "response_schema_conformance" and hasattr(failure, "instance_path"):
        path = "".join("[]" if isinstance(p, int) else f".{p}" for p in failure.instance_path).lstrip(".")
        message = str(getattr(failure, "_raw_message", failure.title))
        return (f"{status} {path or '(body)'}: {message[:120]}",)
    first = next((line.strip() for line in failure.message.splitlines() if line.strip()), "")
    return (f"{status} {failure.title}: {first[:120]}",)


# --------------------------------------------------------------------------
# The run
# --------------------------------------------------------------------------


STATEFUL_STEPS = 6
STATEFUL_SCENARIOS = 4


@dataclass
class RunResult:
    cases: int = 0
    requests: int = 0
    elapsed: float = 0.0
    by_phase: dict[str, int] = field(default_factory=dict)
    #: Seconds since the start at which each phase finished.
    phase_seconds: dict[str, float] = field(default_factory=dict)
    failures: dict[tuple[str, str, tuple[str, ...]], Failure] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    stop_reason: str = ""
    #: schemathesis' default check set as configured for this run, and how many times each check ran.
    default_checks: frozenset[str] = frozenset()
    checks: dict[str, int] = field(default_factory=dict)


def aim(target: Seed, *, collection_every: int = 8, item_every: int = 4) -> Callable[[Any, Any], Any]:
    """A ``map_case`` hook: most cases go to the seeded collection and items; every n-th keeps its ids.

    Cases whose path parameters are the deliberately invalid part are left alone.
    """
    turn = itertools.count()

    def map_case(context: Any, case: Any) -> Any:
        n = next(turn)
        meta = case.meta
        if meta is not None:
            component = meta.components.get(ParameterLocation.PATH)
            if component is not None and component.mode.is_negative:
                return case
            if getattr(meta.phase.data, "parameter_location", None) == ParameterLocation.PATH:
                return case
        params = case.path_parameters
        if not params:
            return case
        if "collection_id" in params and n % collection_every:
            params["collection_id"] = target.collection_id
        if "item_id" in params and n % item_every:
            params["item_id"] = target.item_ids[n % len(target.item_ids)]
        return case

    return map_case


def run(doc: Node, *, base_url: str, token: str, target: Seed, max_examples: int) -> RunResult:
    """Run every schemathesis phase with every default check, both generation modes, against ``base_url``.

    No ``max-time``: with one, schemathesis keeps cycling fuzzing and stateful until it runs out; without
    one, every phase runs once, bounded by ``max_examples``.
    """
    config = schemathesis.Config.from_dict(
        {
            "seed": 20240601,
            "base-url": base_url,
            "headers": {"Authorization": f"Bearer {token}"},
            "workers": 1,
            "continue-on-failure": True,
            "cache": {"enabled": False},
            "generation": {
                "mode": "all",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
                "no-shrink": True,
            },
            # A stateful scenario is a chain of up to `max-steps` calls; schemathesis re-runs the suite
            # while it keeps finding new failures, so both numbers stay small.
            "phases": {"stateful": {"max-steps": STATEFUL_STEPS, "generation": {"max-examples": STATEFUL_SCENARIOS}}},
        }
    )
    schema = schemathesis.openapi.from_dict(doc, config=config)
    schema.hook(aim(target))
    load_all_checks()
    enabled = schema.config.checks_config_for()
    result = RunResult(
        default_checks=frozenset(
            c.__name__
            for c in CHECKS.get_all()
            if not isinstance(c, type) and enabled.get_by_name(name=c.__name__).enabled
        )
    )
    started = time.monotonic()
    for event in from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished | events.FuzzScenarioFinished):
            _collect(event.recorder, result, getattr(event, "phase", None))
        elif isinstance(event, events.NonFatalError):
            result.errors.append(f"{event.label}: {event.info.format()}")
        elif isinstance(event, events.FatalError):
            result.errors.append(f"fatal: {event.exception!r}")
        elif isinstance(event, events.PhaseFinished):
            result.phase_seconds[event.phase.name.value] = round(time.monotonic() - started, 1)
        elif isinstance(event, events.EngineFinished):
            result.stop_reason = event.stop_reason.value
    result.elapsed = time.monotonic() - started
    if result.stop_reason != StopReason.COMPLETED.value:
        result.errors.append(f"the run stopped early: {result.stop_reason}")
    return result


def _collect(recorder: Any, result: RunResult, phase: Any) -> None:
    result.cases += len(recorder.cases)
    result.requests += len(recorder.interactions)
    name = phase.value if phase is not None else "fuzz"
    result.by_phase[name] = result.by_phase.get(name, 0) + len(recorder.interactions)
    for case_id, nodes in recorder.checks.items():
        for node in nodes:
            result.checks[node.name] = result.checks.get(node.name, 0) + 1
            if node.status != Status.FAILURE or node.failure_info is None:
                continue
            failure = node.failure_info.failure
            interaction = recorder.interactions.get(case_id)
            response = interaction.response if interaction is not None else None
            status = response.status_code if response is not None else None
            text = response.content.decode("utf-8", "replace") if response is not None else ""
            operation = failure.operation or recorder.label
            why = reasons(node.name, failure, status, text)
            key = (operation, node.name, why)
            if key in result.failures:
                result.failures[key].count += 1
                continue
            result.failures[key] = Failure(
                operation=operation,
                check=node.name,
                reasons=why,
                status=status,
                request=node.failure_info.code_sample,
                response=text,
                message=failure.message,
            )
