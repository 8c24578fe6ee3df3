"""``webflow-cms emulator``: the emulator served with the flags given; without its extra, one line and exit 2.

``webflow-cms-emulator`` (the script pyproject.toml names) says the same without the extra.
"""

from __future__ import annotations

import json
import subprocess
import sys

import anyio
import httpx
import pytest

from cli.runner import SCRIPT

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


@pytest.mark.anyio
async def test_emulator_command_serves_with_the_given_flags() -> None:
    with anyio.fail_after(30):
        async with await anyio.open_process([str(SCRIPT), "emulator", "--port", "0", "--token", "t0k"]) as proc:
            assert proc.stdout is not None
            received = b""
            async for chunk in proc.stdout:
                received += chunk
                if b"\n" in received:
                    break
            announced = json.loads(received.split(b"\n")[0])
            assert announced["token"] == "t0k"
            async with httpx.AsyncClient(headers={"Authorization": "Bearer t0k"}) as http:
                response = await http.get(f"{announced['url']}/sites")
            assert response.status_code == 200
            assert response.json()["sites"][0]["id"] == announced["site_id"]
            proc.terminate()
