"""The benchmark driver: ``python -m benchmarks [--smoke] [--full] [--runs N] [--only 1,typed,...] [--out DIR]``.

It measures webflow-cms's async client (``AsyncWebflowCMS``) side by side with its peer, Webflow's
official Python SDK ``webflow``, doing the same jobs the way each one's users would write them,
plus plain httpx or the bare parsers where they show the floor. Everything runs against
``webflow_cms_emulator`` subprocesses on 127.0.0.1 (one per scenario, with the rate limit and
latency the scenario sets), never against Webflow: wall time next to the rate or latency bound,
requests and 429s, items lost or duplicated, CPU and memory per item, requests saved by Content
Delivery. Variants alternate run by run; the table shows medians and PASS/FAIL against each target.

The scenarios are the modules of benchmarks/scenarios/ (``--list``). Results go to
``benchmarks/results/latest.{md,json}`` and ``latest.png`` (``--out`` to change the folder; a smoke
run writes to a temporary folder unless ``--out`` is given).
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import cast

import anyio

from webflow_cms import __version__

from .clients import PEER
from .harness import STANDARD_RUNS, Options, Result
from .report import render_markdown, render_plot
from .scenarios import Scenario, ScenarioError, registered, select

RESULTS = Path(__file__).parent / "results"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, one run, no PASS/FAIL (seconds)")
    parser.add_argument("--full", action="store_true", help="scenario 4 also iterates 1,000,000 items (minutes)")
    parser.add_argument(
        "--runs", type=int, default=None, help=f"runs per variant, 1 or more (default {STANDARD_RUNS}, smoke 1)"
    )
    parser.add_argument(
        "--only",
        default=None,
        metavar="SCENARIOS",
        help="comma-separated scenario numbers or names, e.g. 3 or typed or 1,content-delivery (default: all)",
    )
    parser.add_argument("--out", default=None, help="results folder (default benchmarks/results)")
    parser.add_argument("--list", action="store_true", help="list the scenarios and exit")
    return parser


def banner(options: Options, scenarios: list[Scenario]) -> str:
    """What this run measures, against what, and at which sizes."""
    sizes = "smoke sizes, no PASS/FAIL" if options.smoke else "standard sizes" + (", --full" if options.full else "")
    return "\n".join(
        [
            f"webflow-cms {__version__} (AsyncWebflowCMS) side by side with the official SDK, {PEER};",
            "each scenario against its own webflow_cms_emulator subprocess on 127.0.0.1, variants alternating.",
            f"{sizes}, {options.runs} run{'s' if options.runs > 1 else ''} per variant; "
            f"scenarios {', '.join(str(s.NUMBER) for s in scenarios)}.",
        ]
    )


def run_scenario(scenario: Scenario, options: Options) -> Result:
    """One scenario: an ``async def run`` under anyio (asyncio backend), a plain one outside any event loop."""
    if inspect.iscoroutinefunction(scenario.run):
        result = anyio.run(cast(Callable[[Options], Awaitable[Result]], scenario.run), options)
    else:
        result = cast(Callable[[Options], Result], scenario.run)(options)
    if not isinstance(result, Result) or result.scenario != scenario.NUMBER:
        raise ScenarioError(f"benchmarks/scenarios/{scenario.NAME}.py: run() must return Result({scenario.NUMBER})")
    return result


def _command(args: argparse.Namespace) -> str:
    words = ["python -m benchmarks"]
    words += ["--smoke"] if args.smoke else []
    words += ["--full"] if args.full else []
    words += [f"--runs {args.runs}"] if args.runs is not None else []
    words += [f"--only {args.only}"] if args.only is not None else []
    return " ".join(words)


def _save(out: Path, results: list[Result], scenarios: list[Scenario], meta: dict[str, object]) -> str:
    rows = [row for r in results for row in r.rows]
    titles = {s.NUMBER: s.TITLE for s in scenarios}
    markdown = render_markdown(rows, meta, titles, {s.NUMBER: s.VARIANTS for s in scenarios})
    (out / "latest.md").write_text(markdown)
    timelines = {name: points for r in results for name, points in r.timelines.items()}
    payload = {
        "meta": meta,
        "rows": [row.__dict__ for row in rows],
        "raw": {str(r.scenario): r.raw for r in results},
        "timelines": timelines,
    }
    (out / "latest.json").write_text(json.dumps(payload, indent=1, default=str) + "\n")
    plotted = next((r for r in results if r.timelines), None)
    if plotted is not None and not meta["smoke"]:  # matplotlib is a bench-only dependency; smoke runs have no plot
        render_plot(plotted.timelines, plotted.bound_line, out / "latest.png")
    return markdown


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        scenarios = select(args.only) if args.only is not None else registered()
        runs = args.runs if args.runs is not None else (1 if args.smoke else STANDARD_RUNS)
        options = Options(runs=runs, smoke=args.smoke, full=args.full)
    except (ScenarioError, ValueError) as exc:
        parser.error(str(exc))
    if args.list:
        for s in scenarios:
            print(f"{s.NUMBER:>2}  {s.NAME:18} {s.TITLE}")
        return 0
    out = Path(args.out) if args.out else (Path(tempfile.mkdtemp(prefix="wf-smoke-")) if args.smoke else RESULTS)
    out.mkdir(parents=True, exist_ok=True)
    print(banner(options, scenarios), flush=True)
    started = time.perf_counter()
    results = []
    for scenario in scenarios:
        print(f"[{scenario.NUMBER}] {scenario.TITLE}", flush=True)
        results.append(run_scenario(scenario, options))
    meta: dict[str, object] = {
        "command": _command(args),
        "elapsed_s": round(time.perf_counter() - started, 1),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "runs": options.runs,
        "smoke": options.smoke,
        "sdk": f"webflow-cms {__version__}",
        "peer": PEER,
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    markdown = _save(out, results, scenarios, meta)
    print()
    print(markdown)
    print(f"results in {out}")
    return 0
