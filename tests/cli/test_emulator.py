"""``webflow-cms emulator`` and ``webflow-cms-emulator`` without the emulator extra: one line, exit 2."""

from __future__ import annotations

import subprocess
import sys

import pytest

from webflow_cms import __version__

# The interpreter with starlette hidden, as if the extra were not installed, then a console entry point.
_WITHOUT_EXTRA = (
    "import sys; sys.modules['starlette'] = None; sys.argv = {argv!r}; from {module} import {func}; {func}()"
)


@pytest.mark.parametrize(
    ("module", "func", "argv", "prog"),
    [
        ("webflow_cms.cli.__main__", "main", ["webflow-cms", "emulator", "--port", "0"], "webflow-cms"),
        ("webflow_cms.cli.emulator", "console_main", ["webflow-cms-emulator"], "webflow-cms-emulator"),
    ],
)
def test_a_missing_extra_is_one_line_not_a_traceback(module: str, func: str, argv: list[str], prog: str) -> None:
    code = _WITHOUT_EXTRA.format(argv=argv, module=module, func=func)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr == (
        f"{prog}: error: the emulator needs the 'emulator' extra (starlette is not installed);"
        " run: pip install 'webflow-cms[emulator]'\n"
    )


def test_version_comes_from_the_package_metadata() -> None:
    from importlib.metadata import version

    assert __version__ == version("webflow-cms")
    done = subprocess.run(
        [sys.executable, "-m", "webflow_cms.cli", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout == f"webflow-cms {__version__}\n"
