"""Rendering the results: the Markdown table printed and saved by the driver, and the throughput plot.

The table has one row per measured figure and one column per variant. Variants that ``COLUMNS``
does not name (a new scenario's) are appended after those it does, so adding a scenario needs no
change here.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from .harness import Row

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
]
#: Always the last column: the floor the variants are compared with.
BOUND = "bound"


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


def _columns(rows: list[Row]) -> list[str]:
    """The variant columns the rows use: known ones in ``COLUMNS`` order, then others as they come, then the bound."""
    seen = [key for r in rows for key in r.values]
    known = [c for c in COLUMNS if c in seen]
    others = [c for c in dict.fromkeys(seen) if c not in COLUMNS and c != BOUND]
    return known + others + ([BOUND] if BOUND in seen else [])


def render_markdown(rows: list[Row], meta: dict[str, Any], titles: dict[int, str], notes: dict[int, str]) -> str:
    """The results table; ``titles`` and ``notes`` (what ran side by side) by scenario number."""
    used = _columns(rows)
    lines = [
        "# webflow-cms benchmarks",
        "",
        f"`{meta['command']}` on {meta['date']}: Python {meta['python']}, {meta['machine']}, "
        f"{meta['runs']} run{'s' if meta['runs'] != 1 else ''} per variant (medians), {meta['elapsed_s']} s in all.",
        f"{meta['sdk']} side by side with the official SDK, {meta['peer']}. Every scenario ran its own "
        "emulator subprocess (webflow_cms_emulator) on 127.0.0.1; variants alternated run by run.",
        "",
        "| # | scenario | metric | " + " | ".join(used) + " | target | result | note |",
        "| --- | --- | --- | " + " | ".join("---:" for _ in used) + " | --- | --- | --- |",
    ]
    for r in rows:
        cells = [_cell(r.values.get(c)) for c in used]
        lines.append(
            f"| {r.scenario} | {titles[r.scenario]} | {r.metric} | "
            + " | ".join(cells)
            + f" | {r.target} | {r.verdict} | {r.note} |"
        )
    verdicts = [r.verdict for r in rows if r.verdict in ("PASS", "FAIL")]
    if verdicts:
        lines += ["", f"**{verdicts.count('PASS')} PASS, {verdicts.count('FAIL')} FAIL.**"]
    lines += ["", "Variants:", ""]
    lines += [f"- {number} ({titles[number]}): {note}" for number, note in notes.items()]
    lines.append("")
    return "\n".join(lines)


def render_plot(timelines: dict[str, list[tuple[float, int]]], bound: dict[str, float], path: Path) -> None:
    import matplotlib  # type: ignore[import-not-found, unused-ignore]

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # type: ignore[import-not-found, unused-ignore]

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
