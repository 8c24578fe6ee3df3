"""Scenario 7, typed listing CPU per item: a page parsed into generated models, next to ``Item`` objects.

One 100-item page of a collection with a field of most types (text, number, switch, option,
reference, multi-reference, date, image) is parsed three ways: into ``Item`` objects
(``wf.items(cid)``), into models written by ``webflow-cms codegen`` (``wf.items(cid, model=...)``),
and by the official SDK. The target: typed within 2x of untyped.

The SDK has no public "parse this answer" call, so the two paths of ours are taken from its
internals (``_engine``), imported when the scenario runs so that the registry loads without them.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import tempfile
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from webflow_cms import Collection, Site
from webflow_cms.codegen import render_models

from .. import clients
from ..emulator import Emulator
from ..harness import Options, Result, say

NUMBER = 7
NAME = "typed"
TITLE = "typed listing CPU per item"
VARIANTS = (
    "one 100-item list answer parsed into `Item`s (`untyped`, `wf.items(id)`), into models written by "
    "`webflow-cms codegen` (`typed`, `wf.items(id, model=...)`) and by "
    f"{clients.PEER}'s parse path (`official`); the ratio is the median of the runs' typed/untyped, each run "
    "timing both in turn."
)
TARGET = 2.0
_OPTIONS = ["News", "Guides", "Releases", "Events"]


async def typed_page(emu: Emulator) -> tuple[bytes, type[Any]]:
    """A 100-item list answer of a rich collection, and the model class generated for it."""
    async with emu.admin_client() as http:
        base = f"{emu.url}/sites/{emu.site_id}/collections"
        authors = (await http.post(base, json={"displayName": "Authors", "singularName": "Author"})).json()
        fields = [
            {"type": "PlainText", "displayName": "Summary"},
            {"type": "Number", "displayName": "Rank"},
            {"type": "Switch", "displayName": "Featured"},
            {"type": "Option", "displayName": "Category", "metadata": {"options": [{"name": n} for n in _OPTIONS]}},
            {"type": "Reference", "displayName": "Author", "metadata": {"collectionId": authors["id"]}},
            {"type": "MultiReference", "displayName": "Reviewers", "metadata": {"collectionId": authors["id"]}},
            {"type": "DateTime", "displayName": "Published On"},
            {"type": "Image", "displayName": "Cover"},
        ]
        body = {"displayName": "Blog Posts", "singularName": "Blog Post", "fields": fields}
        posts = (await http.post(base, json=body)).json()
        options = [o["id"] for f in posts["fields"] if f["slug"] == "category" for o in f["validations"]["options"]]
        author = {"fieldData": {"name": "Ada", "slug": "ada"}}
        author_id = (await http.post(f"{emu.url}/collections/{authors['id']}/items", json=author)).json()["id"]
        items = [_post(n, options[n % len(options)], author_id) for n in range(100)]
        answer = await http.post(f"{emu.url}/collections/{posts['id']}/items", json={"items": items})
        answer.raise_for_status()
        page = await http.get(f"{emu.url}/collections/{posts['id']}/items", params={"limit": 100})
        page.raise_for_status()
        site = Site(id=emu.site_id, display_name="Bench", short_name="bench")
        source = render_models(site, [Collection.from_dict(authors), Collection.from_dict(posts)])
    return page.content, _load(source).BlogPost


def _post(n: int, option_id: str, author_id: str) -> dict[str, Any]:
    return {
        "fieldData": {
            "name": f"Post {n}",
            "slug": f"post-{n}",
            "summary": f"Summary of post {n}, a sentence of ordinary length for a blog listing.",
            "rank": n,
            "featured": n % 7 == 0,
            "category": option_id,
            "author": author_id,
            "reviewers": [author_id],
            "published-on": "2026-03-04T05:06:07.000Z",
            "cover": {"fileId": "62b720ef280c7a7a3be8cabe", "url": f"https://cdn.example.com/{n}.png", "alt": "cover"},
        }
    }


def _load(source: str) -> Any:
    """Import the generated module from a temporary file, as a user's project would."""
    folder = Path(tempfile.mkdtemp(prefix="wf-bench-models-"))
    path = folder / "bench_cms_models.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("bench_cms_models", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_cms_models"] = module
    spec.loader.exec_module(module)
    return module


def parsers(model: type[Any]) -> dict[str, Callable[[bytes], Any]]:
    """The three ways to parse a list answer; ours as the SDK's pagers do (see the module's docstring)."""
    from webflow.core.pydantic_utilities import parse_obj_as
    from webflow.types.collection_item_list import CollectionItemList

    from webflow_cms._engine.codec import codec_for
    from webflow_cms._engine.reads import page_parser, parse_page

    typed = page_parser(codec_for(model).decode)

    def official(body: bytes) -> Any:
        return parse_obj_as(type_=CollectionItemList, object_=json.loads(body)).items

    return {
        "untyped": lambda body: parse_page(body, 0, 100).items,
        "typed": lambda body: typed(body, 0, 100).items,
        "official": official,
    }


def per_item_us(
    funcs: dict[str, Callable[[bytes], Any]], body: bytes, seconds: float, repeats: int
) -> tuple[dict[str, float], float]:
    """Median microseconds per item of each parser, and the median of typed/untyped taken run by run.

    Each run times every parser back to back (in rotating order), so the ratio of one run
    compares timings taken within a second of each other: on a shared machine whose speed
    drifts, that is steadier than a ratio of medians taken minutes apart.
    """
    count = len(json.loads(body)["items"])
    for name, func in funcs.items():
        if len(func(body)) != count:
            raise RuntimeError(f"scenario 7: {name} did not return every item")
    once = {name: max(timeit.timeit(partial(f, body), number=1), 1e-7) for name, f in funcs.items()}
    loops = {name: max(1, int(seconds / took)) for name, took in once.items()}
    samples: dict[str, list[float]] = {name: [] for name in funcs}
    ratios: list[float] = []
    names = list(funcs)
    for run in range(repeats):
        for name in names[run % len(names) :] + names[: run % len(names)]:
            took = timeit.timeit(partial(funcs[name], body), number=loops[name])
            samples[name].append(took / loops[name] / count * 1e6)
        ratios.append(samples["typed"][-1] / samples["untyped"][-1])
    return {name: statistics.median(values) for name, values in samples.items()}, statistics.median(ratios)


async def run(options: Options) -> Result:
    say(NUMBER, "one 100-item page, 8 custom fields")
    with Emulator() as emu:
        body, model = await typed_page(emu)
    med, ratio = per_item_us(parsers(model), body, options.cpu_seconds / 4, options.size(15, 1))
    result = Result(NUMBER, raw={**med, "typed/untyped": ratio})
    result.add("us per item (median, 100-item page, 8 custom fields)", med)
    result.add(
        "typed / untyped (median of per-run ratios)",
        {"typed": ratio},
        f"<= {TARGET:g}",
        options.verdict(ratio <= TARGET),
    )
    result.add("typed / official", {"typed": med["typed"] / med["official"]})
    return result
