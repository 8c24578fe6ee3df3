"""The benchmark harness: its scenario registry, its driver, and a smoke run of every scenario end to end.

The smoke run makes no timing assertions (its sizes prove nothing); it keeps every scenario from
rotting under `make test`. The registry tests pin what users rely on: the scenario numbers and
titles, selection by number or name, and the interface a new scenario module must follow.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import anyio
import anyio.lowlevel
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `pytest` (unlike `python -m pytest`) does not put the checkout on the path
    sys.path.append(str(ROOT))

from benchmarks import scenarios  # noqa: E402
from benchmarks.harness import Options, Result, Row  # noqa: E402
from benchmarks.report import render_markdown  # noqa: E402
from benchmarks.run import main, run_scenario  # noqa: E402
from benchmarks.scenarios.memory import memory_sizes  # noqa: E402

#: The numbers and titles users know from README.md and earlier results.
KNOWN = {
    1: "rate-bound bulk write",
    2: "latency-bound listing",
    3: "client CPU per item",
    4: "memory while iterating",
    5: "publish at scale",
    6: "many workers, one token",
    7: "typed listing CPU per item",
    8: "live listing via Content Delivery",
    9: "nightly sync of a large collection",
}


def test_every_registered_scenario_loads_with_the_interface() -> None:
    loaded = scenarios.registered()
    assert [s.NAME for s in loaded] == list(scenarios.NAMES)
    for scenario in loaded:
        assert callable(scenario.run)
        assert scenario.VARIANTS.strip(), f"{scenario.NAME} names no variants"
    assert {s.NUMBER: s.TITLE for s in loaded if s.NUMBER in KNOWN} == KNOWN


def test_select_by_number_or_name_in_running_order() -> None:
    assert [s.NAME for s in scenarios.select("typed")] == ["typed"]
    assert [s.NAME for s in scenarios.select("7")] == ["typed"]
    picked = scenarios.select(" Content-Delivery , 1,write ")
    assert [s.NUMBER for s in picked] == [1, 8]


@pytest.mark.parametrize("spec", ["bogus", "9999", "1,bogus", " , "])
def test_select_rejects_what_is_not_a_scenario(spec: str) -> None:
    with pytest.raises(scenarios.ScenarioError, match="choose from: 1 write, 2 listing"):
        scenarios.select(spec)


@pytest.fixture
def fake_scenario(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """A module registered as ``benchmarks.scenarios.fake``, whose attributes a test sets."""
    module = types.ModuleType("benchmarks.scenarios.fake")
    module.NUMBER, module.NAME, module.TITLE, module.VARIANTS = 99, "fake", "a fake scenario", "`ours` only"
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(scenarios, "NAMES", (*scenarios.NAMES, "fake"))
    return module


def test_load_names_the_module_and_what_it_lacks(fake_scenario: types.ModuleType) -> None:
    with pytest.raises(scenarios.ScenarioError, match=r"scenarios/fake\.py must define run"):
        scenarios.load("fake")
    fake_scenario.run = lambda options: Result(99)
    fake_scenario.NAME = "other"
    with pytest.raises(scenarios.ScenarioError, match="must be its module name 'fake'"):
        scenarios.load("fake")
    fake_scenario.NAME, fake_scenario.NUMBER = "fake", 1
    with pytest.raises(scenarios.ScenarioError, match="unique and grow"):
        scenarios.registered()
    with pytest.raises(scenarios.ScenarioError, match="not in benchmarks/scenarios"):
        scenarios.load("missing")


def test_a_plain_run_is_called_outside_any_event_loop(fake_scenario: types.ModuleType) -> None:
    """So that a synchronous client under test may start its own loop."""

    async def inner() -> int:
        await anyio.lowlevel.checkpoint()
        return 3

    def run(options: Options) -> Result:
        result = Result(99, raw=anyio.run(inner))
        result.add("figure", {"ours": options.runs})
        return result

    fake_scenario.run = run
    result = run_scenario(scenarios.load("fake"), Options(runs=2))
    assert result.raw == 3
    assert result.rows == [Row(99, "figure", {"ours": 2})]


def test_run_must_return_its_own_result(fake_scenario: types.ModuleType) -> None:
    async def run(options: Options) -> Result:
        return Result(98)

    fake_scenario.run = run
    with pytest.raises(scenarios.ScenarioError, match=r"must return Result\(99\)"):
        run_scenario(scenarios.load("fake"), Options())


def test_new_variants_get_columns_before_the_bound() -> None:
    rows = [Row(1, "wall", {"bound": 1.0, "ours": 2.0}), Row(9, "wall", {"sync": 3.0, "official": 4.0})]
    meta = {
        "command": "c",
        "date": "d",
        "python": "3",
        "machine": "m",
        "runs": 1,
        "elapsed_s": 0,
        "sdk": "s",
        "peer": "p",
    }
    table = render_markdown(rows, meta, {1: "one", 9: "nine"}, {1: "first", 9: "ninth"})
    header = next(line for line in table.splitlines() if line.startswith("| # |"))
    assert header.split(" | ")[3:7] == ["ours", "official", "sync", "bound"]
    assert "- 9 (nine): ninth" in table


def test_full_adds_a_million_items_to_scenario_4_except_in_a_smoke_run() -> None:
    assert memory_sizes(Options()) == (10_000, 100_000)
    assert memory_sizes(Options(full=True)) == (10_000, 100_000, 1_000_000)
    assert memory_sizes(Options(runs=1, smoke=True, full=True)) == (500, 1_000)


def test_driver_rejects_bad_options_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    for argv, message in ((["--only", "nine"], "no benchmark scenario 'nine'"), (["--runs", "0"], "runs must be 1")):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        assert message in capsys.readouterr().err


def test_list_prints_every_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[:2] for line in lines] == [[str(s.NUMBER), s.NAME] for s in scenarios.registered()]


@pytest.mark.slow
def test_smoke_run_prints_every_scenario(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    assert "side by side with the official SDK, webflow " in done.stdout.splitlines()[0]
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table, done.stdout
    for scenario in scenarios.registered():
        row = f"| {scenario.NUMBER} | {scenario.TITLE} |"
        assert any(line.startswith(row) for line in table), f"{row!r} missing from the table:\n{done.stdout}"
    assert (tmp_path / "latest.md").exists()
    assert (tmp_path / "latest.json").exists()
    assert not (tmp_path / "latest.png").exists()  # the plot needs matplotlib, a bench-only dependency
