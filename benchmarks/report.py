"""Rendering the results: a Markdown table and the scenario-1 throughput plot."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

COLUMNS = [
    "ours-redis",
    "ours",
    "typed",
    "untyped",
    "official-seq",
    "official-gather",
    "official",
    "httpx",
    "pydantic",
    "json.loads",
    "api-1st",
    "api-2nd",
    "cdn-cold",
    "cdn-warm",
    "bound",
]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        if value == int(value) and abs(value) >= 100:
            return f"{int(value):,}"
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_markdown(rows: list[Any], meta: dict[str, Any], names: dict[int, str]) -> str:
    used = [c for c in COLUMNS if any(c in r.values for r in rows)]
    lines = [
        "# webflow-cms benchmarks",
        "",
        f"`{meta['command']}` on {meta['date']}: Python {meta['python']}, {meta['machine']}, "
        f"{meta['runs']} runs per variant (medians), {meta['elapsed_s']} s in all.",
        "Every scenario ran its own emulator subprocess on 127.0.0.1; variants alternated run by run.",
        "",
        "| # | scenario | metric | " + " | ".join(used) + " | target | result | note |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in used) + " | --- | --- | --- |",
    ]
    for r in rows:
        cells = [_cell(r.values.get(c)) for c in used]
        lines.append(
            f"| {r.scenario} | {names[r.scenario]} | {r.metric} | "
            + " | ".join(cells)
            + f" | {r.target} | {r.verdict} | {r.note} |"
        )
    verdicts = [r.verdict for r in rows if r.verdict in ("PASS", "FAIL")]
    if verdicts:
        lines += ["", f"**{verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL.**"]
    lines += [
        "",
        "Variants: `ours` = webflow_cms.AsyncWebflowCMS (defaults, `rate_limit=` the emulator's limit); "
        "`official-seq` / `official-gather` = webflow 2.0.0 AsyncWebflow, one request per 100 items, "
        "awaited one after another / all at once with `asyncio.gather` (default retries); "
        "`official` = its `list_items` offset loop (scenario 3: its parse path, `parse_obj_as`); "
        "`pydantic` = `CollectionItemList.model_validate` alone; `httpx` = plain sequential httpx. "
        "Scenario 6: N worker processes on one token, each creating its own items; `ours-redis` = ours with "
        "`RedisLimiter` (one budget in a real redis-server), `ours` = ours alone (its own TokenBucket), "
        "`official` = the official SDK's one-request-after-another loop; one run each. "
        "Scenario 7: one 100-item list answer parsed into `Item`s (`untyped`, `wf.items(id)`), into models "
        "written by `webflow-cms codegen` (`typed`, `wf.items(id, model=...)`) and by the official SDK's parse "
        "path (`official`); the ratio is the median of 15 runs' typed/untyped, each run timing both in turn. "
        "Scenario 8: ours lists the published items live four times on one budget: twice through the Data API "
        "(`api-1st`, `api-2nd`), then with `content_delivery=` once to fill the cache (`cdn-cold`) and once more "
        "(`cdn-warm`). "
        "The official SDK types a 100-item create's reply as one item and raises `ParsingError` on the 202 "
        "after the items were created; the harness counts such a 2xx as success.",
        "",
    ]
    return "\n".join(lines)


def render_plot(timelines: dict[str, list[tuple[float, int]]], bound: dict[str, float], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=110)
    for name, points in timelines.items():
        xs = [p[0] for p in points]
        ys = [p[1] for p in points]
        ax.step(xs, ys, where="post", label=name)
    if bound:
        total, burst, rate = bound["items"], bound["burst_items"], bound["items_per_s"]
        end = max(0.0, (total - burst) / rate)
        ax.plot([0, 0, end], [0, min(burst, total), total], "k--", linewidth=1, label="rate bound")
    ax.set_xlabel("seconds")
    ax.set_ylabel("items created")
    ax.set_title("Scenario 1: bulk create at 120 requests / 2 s (last run of each variant)")
    ax.grid(alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
