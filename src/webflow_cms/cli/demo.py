"""``make demo``: the whole job on a local emulator, with no token and no network.

Starts the emulator in a subprocess (free loopback port, fresh in-memory
database, a time-lapsed rate limit), creates a "Blog Posts" collection,
generates its typed model (``webflow-cms codegen``) and imports it, imports
5,000 generated posts through the CLI's import code, publishes them, stages
edits to 50, prints ``status``, reads posts back as typed models, exports the
live items and checks the count, stops the emulator and prints what it took. Every number is checked;
any mismatch makes it exit 1. ``--json`` adds the summary as a JSON line.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import attrs
import httpx

from webflow_cms import AsyncWebflowCMS, ItemStatus, RateLimit, TokenBucket
from webflow_cms.codegen import compare_models, generate_models

from .commands.export import export_items
from .commands.import_ import import_file
from .commands.publish import publish_items
from .commands.status import collection_status, render_status
from .demo_data import BLOG_FIELDS, blog_posts
from .import_report import render_import
from .publishing import render_publish
from .ui import Output

POSTS = 5000
EDITS = 50
#: Webflow allows 120 requests a minute; a tenth of that window shows throttling within the demo.
LIMIT = RateLimit(120, 6)
_START_TIMEOUT = 20.0


@attrs.frozen
class Emulator:
    url: str
    site_id: str
    token: str = attrs.field(repr=False)


@contextmanager
def running_emulator(workdir: Path) -> Iterator[Emulator]:
    """``python -m webflow_cms_emulator`` on a free loopback port; its announcement line is read, not shown."""
    log = (workdir / "emulator.log").open("w")
    command = [
        sys.executable, "-m", "webflow_cms_emulator",
        "--host", "127.0.0.1", "--port", "0", "--db", ":memory:",
        "--rate-limit", f"{LIMIT.requests}/{LIMIT.per:g}",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=log, text=True)  # noqa: S603
    try:
        assert process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            if not selector.select(_START_TIMEOUT):
                raise RuntimeError(f"the emulator did not start within {_START_TIMEOUT:g} s")
        line = process.stdout.readline()
        if not line:
            raise RuntimeError(f"the emulator exited: {(workdir / 'emulator.log').read_text()[-500:]}")
        announced = json.loads(line)
        yield Emulator(announced["url"], announced["site_id"], announced["token"])
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


class MeteredBucket:
    """The client's token bucket, timing each ``acquire``: how many requests it held back, and for how long."""

    def __init__(self, rate: RateLimit) -> None:
        self._bucket = TokenBucket(rate)
        #: When each request was let go (monotonic seconds), and how long it waited.
        self.released: list[float] = []
        self.waits: list[float] = []

    async def acquire(self) -> None:
        started = time.monotonic()
        await self._bucket.acquire()
        now = time.monotonic()
        self.released.append(now)
        self.waits.append(now - started)

    def observe(self, limit: int | None, remaining: int | None, in_flight: int) -> None:
        self._bucket.observe(limit, remaining, in_flight)

    def pause(self, seconds: float) -> None:
        self._bucket.pause(seconds)

    def held_back(self, threshold: float = 0.005) -> tuple[int, float]:
        """Requests that waited for the bucket (longer than ``threshold``), and their waits added up."""
        waited = [w for w in self.waits if w > threshold]
        return len(waited), sum(waited)

    def sustained_rate(self, burst: int) -> float | None:
        """Requests a second beyond the first ``burst`` (the bucket's capacity), over the whole run.

        A bucket of ``burst`` tokens refilled at ``r`` a second lets at most ``burst + r * t``
        requests go in ``t`` seconds, so this stays at or under ``r``. None for a run within the burst.
        """
        times = self.released
        if len(times) <= burst or times[-1] <= times[0]:
            return None
        return (len(times) - burst) / (times[-1] - times[0])


class Checks:
    """Each expectation of the demo; any failure makes it exit 1."""

    def __init__(self, out: Output) -> None:
        self.out = out
        self.failed: list[str] = []

    def expect(self, what: str, got: object, wanted: object) -> None:
        if got != wanted:
            self.failed.append(f"{what}: got {got!r}, expected {wanted!r}")
            self.out.note(f"  CHECK FAILED: {what}: got {got!r}, expected {wanted!r}")


def _step(out: Output, text: str) -> None:
    out.text("")
    out.text(text)


def _import_module(path: Path) -> Any:
    """Import a generated module from its file, as a user's project does with ``from cms_models import ...``."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[path.stem] = module
    spec.loader.exec_module(module)
    return module


async def _typed_models(wf: AsyncWebflowCMS, emu: Emulator, workdir: Path, out: Output, checks: Checks) -> Any:
    """Generate the site's typed models into cms_models.py, show the file, check it, import it."""
    command = f"webflow-cms codegen --site {emu.site_id} -o cms_models.py"
    _step(out, f"2b. Generate typed models ({command})")
    source = await generate_models(wf, emu.site_id, command=command)
    path = workdir / "cms_models.py"
    path.write_text(source, encoding="utf-8")
    for line in source.splitlines():
        out.text(f"   | {line}")
    live = await generate_models(wf, emu.site_id, command=command)
    checks.expect("codegen --check finds no drift", compare_models(source, live), None)
    module = _import_module(path)
    out.text("   from cms_models import BlogPost   # imported from the file just written")
    return module.BlogPost


async def _job(emu: Emulator, workdir: Path, out: Output, checks: Checks) -> dict[str, Any]:
    bucket = MeteredBucket(LIMIT)
    async with AsyncWebflowCMS(emu.token, base_url=emu.url, rate_limit=bucket) as wf:
        _step(out, "2. Create the collection")
        blog = await wf.collections.create(
            emu.site_id, display_name="Blog Posts", singular_name="Blog Post", slug="blog-posts", fields=BLOG_FIELDS
        )
        out.text(f"   Blog Posts: {blog.id}, fields {', '.join(f.slug for f in blog.fields)}")
        blog_post = await _typed_models(wf, emu, workdir, out, checks)

        _step(out, f"3. Import {POSTS:,} generated posts (webflow-cms import blog-posts posts.jsonl)")
        source = workdir / "posts.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for post in blog_posts(POSTS):
                handle.write(json.dumps(post) + "\n")
        imported = await import_file(wf, out, blog.id, source)
        render_import(out, imported)
        checks.expect("posts created", imported.counts, {"created": POSTS, "updated": 0, "unchanged": 0, "failed": 0})

        _step(out, "4. Publish them (webflow-cms publish blog-posts --all-drafts)")
        published = await publish_items(wf, out, blog.id, all_drafts=True)
        render_publish(out, published)
        checks.expect("posts published", published.result.counts(), {"published": POSTS})

        _step(out, f"5. Stage edits to {EDITS} posts as drafts (the live site keeps the published version)")
        created = imported.result.items if imported.result is not None else []
        picked = sorted(random.Random(5).sample(range(len(created)), EDITS))  # noqa: S311 - sample data
        edited = {created[i].id: created[i].fields.get("summary") for i in picked}
        changes = [
            {"id": item_id, "isDraft": True, "fieldData": {"summary": f"{summary} (revised)"}}
            for item_id, summary in edited.items()
        ]
        with out.progress("stage edits", total=len(changes)) as bar:
            staged = await wf.items(blog.id).update_many(changes, on_progress=bar.update)
        out.text(f"   {staged.counts().get('updated', 0)} of {EDITS} updated as drafts")
        checks.expect("edits staged", staged.counts(), {"updated": EDITS})

        _step(out, "6. Status (webflow-cms status blog-posts)")
        status = await collection_status(wf, out, blog.id)
        render_status(out, status)
        wanted = dict.fromkeys(ItemStatus, 0)
        wanted.update({ItemStatus.PUBLISHED: POSTS - EDITS, ItemStatus.DRAFT_CHANGES: EDITS})
        checks.expect("status counts", status.counts, wanted)
        oldest = status.oldest_pending
        checks.expect("oldest unpublished change is an edited post", oldest is not None and oldest.id in edited, True)

        _step(out, "6b. Read posts back typed (wf.items(blog.id, model=BlogPost))")
        typed = await wf.items(blog.id, model=blog_post).list(page_size=3)
        for post in typed.items:
            out.text(f"   {type(post).__name__}(slug={post.slug!r}, reading_time={post.reading_time!r},"
                     f" featured={post.featured!r}, last_updated={post.last_updated:%Y-%m-%d %H:%M})")  # fmt: skip
        checks.expect("typed posts", [type(p).__name__ for p in typed.items], ["BlogPost"] * 3)
        checks.expect("typed reading_time is an int", all(isinstance(p.reading_time, int) for p in typed.items), True)

        _step(out, "7. Export the live items (webflow-cms export blog-posts --live -o live.jsonl)")
        target = workdir / "live.jsonl"
        exported = await export_items(wf, out, blog.id, live=True, path=target)
        live_rows = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        out.text(f"   {exported.count:,} live items written to {target.name}")
        checks.expect("live items exported", (exported.count, len(live_rows)), (POSTS, POSTS))
        live_summaries = {row["id"]: row["fieldData"].get("summary") for row in live_rows if row["id"] in edited}
        checks.expect("live copies of edited posts are unchanged", live_summaries, edited)

        async with httpx.AsyncClient(headers={"Authorization": f"Bearer {emu.token}"}, timeout=10) as http:
            answer = await http.get(f"{emu.url}/_emulator/stats")
            answer.raise_for_status()
            server: dict[str, Any] = answer.json()
        transport = wf.transport
        held, waited = bucket.held_back()
        rate = bucket.sustained_rate(LIMIT.requests)
        return {
            "throttleHeldBack": held,
            "throttleWaitSeconds": round(waited, 2),
            "sustainedRequestsPerSecond": rate if rate is None else round(rate, 2),
            "posts": POSTS,
            "exported": exported.count,
            "requestsSent": transport.sent,
            "retries": transport.retries,
            "rateLimitedSeenByClient": transport.rate_limited,
            "serverRequests": server["requests"],
            "serverResponses": server["responses"],
            "rateLimitedAnsweredByServer": server["rateLimited"],
        }


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m webflow_cms.cli.demo", description=__doc__)
    parser.add_argument("--json", action="store_true", help="also print the summary as one JSON line")
    args = parser.parse_args(argv)
    out = Output()
    checks = Checks(out)
    started = time.monotonic()
    out.text(f"webflow-cms demo: {POSTS:,} blog posts through a local Webflow emulator (no token, no network)")
    out.text(
        f"Time-lapsed rate limit: the emulator allows {LIMIT.requests} requests per {LIMIT.per:g} s"
        f" (Webflow: {LIMIT.requests} per 60 s), so the client's throttle has work to do within the minute:"
        " it holds requests back instead of letting the server answer 429."
    )
    with tempfile.TemporaryDirectory(prefix="webflow-cms-demo-") as tmp:
        workdir = Path(tmp)
        with running_emulator(workdir) as emu:
            _step(out, f"1. Emulator listening on {emu.url} (fresh in-memory database)")
            summary = anyio.run(_job, emu, workdir, out, checks)
        out.text("")
        out.text("8. Emulator stopped")
    wall = time.monotonic() - started
    summary["wallSeconds"] = round(wall, 2)
    checks.expect("requests the server received = requests the client sent",
                  summary["serverRequests"], summary["requestsSent"])  # fmt: skip
    checks.expect("429s answered by the server = 429s seen by the client",
                  summary["rateLimitedAnsweredByServer"], summary["rateLimitedSeenByClient"])  # fmt: skip
    checks.expect("finished within a minute", wall < 60, True)
    checks.expect("the throttle held requests back", summary["throttleHeldBack"] > 0, True)
    allowed = LIMIT.requests / LIMIT.per
    sustained = summary["sustainedRequestsPerSecond"]
    checks.expect(
        f"past the first {LIMIT.requests}, requests left at most at the limit ({allowed:g} a second)",
        sustained is not None and sustained <= allowed * 1.05,
        True,
    )
    summary["checksFailed"] = checks.failed
    out.text("")
    out.text("Summary")
    out.text(f"  requests sent            {summary['requestsSent']:>6}  (server received {summary['serverRequests']})")
    out.text(
        f"  429s seen by the client  {summary['rateLimitedSeenByClient']:>6}"
        f"  (server answered {summary['rateLimitedAnsweredByServer']}; the client throttle waited instead)"
    )
    out.text(
        f"  throttled requests       {summary['throttleHeldBack']:>6}  (held back by the client's bucket,"
        f" {summary['throttleWaitSeconds']:.1f} s of waiting in all)"
    )
    out.text(
        f"  pace after the burst     {sustained or 0:>6.1f}  requests a second (the first {LIMIT.requests} leave at"
        f" once; the limit refills {allowed:g} a second)"
    )
    out.text(f"  retries                  {summary['retries']:>6}")
    out.text(f"  posts imported/exported  {POSTS:>6,} / {summary['exported']:,}")
    out.text(f"  wall time                {wall:>6.1f} s")
    out.text("  result                   " + ("all checks passed" if not checks.failed else "CHECKS FAILED"))
    if args.json:
        sys.stdout.write(json.dumps(summary, sort_keys=True) + "\n")
    return 0 if not checks.failed else 1


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
