"""The documentation builds and its examples run, so a quickstart cannot go stale without a test failing.

- ``mkdocs build --strict`` (mkdocs.yml) builds the site into a temporary folder: a broken link or anchor,
  a page left out of the nav, a nav entry without a page, or a docstring mkdocstrings cannot render fails it;
- every Python block of README.md and docs/**/*.md runs as a script, the way a reader would run it: in a
  fresh process, with ``WEBFLOW_TOKEN`` and ``WEBFLOW_BASE_URL`` set to an emulator started for its page.
  The blocks of one page share that emulator and a working folder and run in page order, so a later block
  can use what an earlier one made (a collection, a generated ``cms_models.py``). A block that fails is
  named by file and line. A block right after a ``<!-- fragment -->`` line is only compiled;
- the package reference names every public name, and ``make help`` every target.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import attrs
import pytest

import webflow_cms
from support.redis import redis_server
from webflow_cms_emulator import serving

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
FRAGMENT = "<!-- fragment -->"
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+-]*)")
_PYTHON = {"python", "py", "python3"}
#: Longest one example may take (the longest runs in about two seconds).
_TIMEOUT = 120.0
#: A generous limit: the client paces itself to any limit, and a page's examples together send a few hundred
#: requests, which Webflow's 120 a minute would stretch into minutes of waiting.
_RATE_LIMIT = "6000/60"
#: Runs one block as ``__main__``, compiled under the Markdown file's name and at its line, so a traceback
#: points into the page.
_RUNNER = (
    "import sys\n"
    "path, line = sys.argv[1], int(sys.argv[2])\n"
    "code = compile('\\n' * (line - 1) + sys.stdin.read(), path, 'exec')\n"
    "exec(code, {'__name__': '__main__', '__builtins__': __builtins__})\n"
)


@attrs.frozen
class Block:
    """One fenced Python block: where its code starts, the code (dedented), and whether it is a fragment."""

    path: Path
    line: int
    code: str
    fragment: bool

    @property
    def where(self) -> str:
        shown = self.path.relative_to(ROOT) if self.path.is_relative_to(ROOT) else self.path
        return f"{shown}:{self.line}"


def _blocks(path: Path) -> Iterator[Block]:
    """The Python blocks of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    n = 0
    previous = ""  # the last non-blank line before the current one
    while n < len(lines):
        opened = _FENCE.match(lines[n])
        if opened is None:
            previous = lines[n].strip() or previous
            n += 1
            continue
        indent, fence, lang = opened["indent"], opened["fence"], opened["lang"].lower()
        start = n + 2  # the 1-based line of the block's first line of code
        body: list[str] = []
        n += 1
        while n < len(lines) and not lines[n].strip().startswith(fence):
            body.append(lines[n][len(indent) :] if lines[n].startswith(indent) else lines[n].lstrip())
            n += 1
        if lang in _PYTHON:
            yield Block(path, start, "\n".join(body) + "\n", previous == FRAGMENT)
        previous = fence
        n += 1


def _runnable(path: Path) -> list[Block]:
    return [b for b in _blocks(path) if not b.fragment]


RUNNABLE_PAGES = [p for p in PAGES if _runnable(p)]


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_blocks_are_found_where_they_are() -> None:
    blocks = list(_blocks(ROOT / "README.md"))
    assert blocks, "README.md has no Python block: the quickstart is missing"
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for block in blocks:
        assert lines[block.line - 1].strip() == block.code.splitlines()[0].strip(), block.where
        assert lines[block.line - 2].lstrip().startswith("```"), block.where
    assert RUNNABLE_PAGES[0] == ROOT / "README.md"
    assert any(b.fragment for p in PAGES for b in _blocks(p)), "the fragment marker is never used: is it read?"


def test_a_failing_example_is_named_by_its_file_and_line(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\n<!-- fragment -->\n```python\nawait nothing()\n```\n\n"
        "```python\nx = 1\nraise RuntimeError('boom')\n```\n\n```sh\nexit 1\n```\n",
        encoding="utf-8",
    )
    blocks = list(_blocks(page))
    assert [(b.line, b.fragment) for b in blocks] == [(5, True), (9, False)]
    with pytest.raises(pytest.fail.Exception) as failed:
        _run(blocks[1], dict(os.environ), tmp_path)
    assert f"the example at {page}:9 failed" in str(failed.value)
    assert f'File "{page}", line 10' in str(failed.value)  # the traceback points into the page
    assert "RuntimeError: boom" in str(failed.value)


@pytest.mark.parametrize("block", [b for p in PAGES for b in _blocks(p) if b.fragment], ids=lambda b: b.where)
def test_each_fragment_is_python(block: Block) -> None:
    try:
        compile(block.code, block.where, "exec", flags=0x2000)  # ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    except SyntaxError as exc:
        pytest.fail(f"{block.path.relative_to(ROOT)}:{block.line + (exc.lineno or 1) - 1}: {exc.msg}")


def _run(block: Block, env: dict[str, str], cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(block.path), str(block.line)],
        input=block.code,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    )
    if done.returncode != 0:
        pytest.fail(
            f"the example at {block.where} failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
            f"\n--- its output ---\n{done.stdout[-1500:]}",
            pytrace=False,
        )


@pytest.mark.parametrize("page", RUNNABLE_PAGES, ids=_rel)
def test_each_example_runs_against_the_emulator(page: Path, tmp_path: Path) -> None:
    blocks = _runnable(page)
    with ExitStack() as stack:
        emu = stack.enter_context(serving(rate_limit=_RATE_LIMIT))
        env = {k: v for k, v in os.environ.items() if not k.startswith("WEBFLOW_")}
        env.update(WEBFLOW_TOKEN=emu.token, WEBFLOW_BASE_URL=emu.url)
        if any("WEBFLOW_REDIS_URL" in b.code for b in blocks):
            env["WEBFLOW_REDIS_URL"] = stack.enter_context(redis_server()).url
        for block in blocks:
            _run(block, env, tmp_path)


def test_the_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    client = (site / "reference" / "client" / "index.html").read_text(encoding="utf-8")
    assert 'id="webflow_cms.client.AsyncWebflowCMS"' in client, "mkdocstrings rendered no API reference"
    assert (site / "guides" / "quickstart" / "index.html").is_file()


def test_the_package_reference_names_every_public_name() -> None:
    text = (ROOT / "docs" / "reference" / "index.md").read_text(encoding="utf-8")
    missing = [name for name in webflow_cms.__all__ if f"`{name}`" not in text]
    assert missing == [], f"docs/reference/index.md does not name {missing}"


def test_make_help_lists_every_target() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z][\w-]*):(?!=)", makefile, re.MULTILINE))
    done = subprocess.run(
        ["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    listed = {line.split()[0] for line in done.stdout.splitlines() if line.startswith("  ")}
    assert targets <= listed, f"make help leaves out {sorted(targets - listed)}"
    assert {"docs", "test", "install"} <= listed
