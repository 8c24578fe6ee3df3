"""The parser and the dispatcher: every command's module owns its sub-parser and what runs it.

``parser`` adds the global options and each module of ``commands.COMMANDS``; ``__main__`` runs
``args.main`` or ``args.run``, calls a command's ``validate`` before any client is made, and hands
a forwarding command (``emulator``) the arguments argparse does not know. Run in this process:
nothing here reaches a server.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from webflow_cms import __version__
from webflow_cms.cli.__main__ import run
from webflow_cms.cli.parser import build_parser

#: A shortest command line of each command and action, and the module that must run it.
COMMAND_LINES = [
    (["collections"], "collections"),
    (["collections", "create", "Posts"], "collections"),
    (["import", "posts", "posts.csv"], "import_"),
    (["export", "posts"], "export"),
    (["publish", "posts", "--all-drafts"], "publish"),
    (["unpublish", "posts", "--all"], "unpublish"),
    (["status", "posts"], "status"),
    (["codegen"], "codegen"),
    (["limiter", "status"], "limiter"),
    (["emulator"], "emulator"),
]


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WEBFLOW_TOKEN", "WEBFLOW_BASE_URL", "WEBFLOW_REDIS_URL", "WEBFLOW_CDN_URL"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(("argv", "module"), COMMAND_LINES, ids=lambda v: " ".join(v) if isinstance(v, list) else v)
def test_each_command_is_run_by_its_own_module_one_way(argv: list[str], module: str) -> None:
    args, _ = build_parser().parse_known_args(argv)
    run_by, main_by = getattr(args, "run", None), getattr(args, "main", None)
    assert (run_by is None) != (main_by is None), "a command sets exactly one of run and main"
    assert (run_by or main_by).__module__ == f"webflow_cms.cli.commands.{module}"


def test_the_help_lists_every_command() -> None:
    listed = build_parser().format_help()
    for name in ("collections", "import", "export", "publish", "unpublish", "status", "codegen", "limiter"):
        assert f"\n    {name} " in listed, name
    assert "\n    emulator" in listed


def test_an_action_runs_its_own_code_not_the_command_s(capsys: pytest.CaptureFixture[str]) -> None:
    # The listing would send a request (and fail on a closed port, exit 1); create stops first, exit 2.
    assert run(["--token", "t", "--base-url", "http://127.0.0.1:9/v2", "collections", "create"]) == 2
    assert capsys.readouterr().err == (
        "webflow-cms: error: collections create needs a NAME (or a displayName in the --schema file)\n"
    )


def test_validate_runs_before_a_client_is_made(capsys: pytest.CaptureFixture[str]) -> None:
    # No token: making a client would fail first, with "no API token".
    assert run(["export", "posts", "--content-delivery"]) == 2
    assert capsys.readouterr().err == "webflow-cms: error: --content-delivery serves published items only: add --live\n"
    assert run(["export", "posts", "--content-delivery", "--live"]) == 2
    assert "no API token" in capsys.readouterr().err


def test_a_forwarding_command_gets_the_arguments_argparse_does_not_know(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(["emulator", "--help"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("usage: webflow-cms-emulator ")


def test_other_commands_refuse_what_argparse_does_not_know(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        run(["--token", "t", "status", "posts", "--bogus", "extra"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.endswith("webflow-cms: error: unrecognized arguments: --bogus extra\n")


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert __version__ == version("webflow-cms")
    done = subprocess.run(
        [sys.executable, "-m", "webflow_cms.cli", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout == f"webflow-cms {__version__}\n"
