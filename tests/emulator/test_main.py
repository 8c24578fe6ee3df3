"""The `webflow-cms-emulator` command: its flags reach the server it starts (fidelity variants, scripted faults)."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest


def test_variant_and_fault_flags_shape_the_running_server() -> None:
    command = [sys.executable, "-m", "webflow_cms_emulator", "--port", "0", "--rate-limit", "1000/1"]
    command += ["--not-found-code", "item_not_found", "--duplicate-slug", "suffix", "--fail-write", "2:after:503"]
    command += ["--site-publish-interval", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        headers = {"Authorization": f"Bearer {ready['token']}"}
        with httpx.Client(base_url=ready["url"], headers=headers, timeout=10) as http:
            body = {"displayName": "Posts", "singularName": "Post", "slug": "posts", "fields": []}
            collection = http.post(f"/sites/{ready['site_id']}/collections", json=body).json()["id"]  # write 1
            item = {"fieldData": {"name": "A", "slug": "a"}}
            faulted = http.post(f"/collections/{collection}/items", json=item)  # write 2: applied, then 503
            assert faulted.status_code == 503
            again = http.post(f"/collections/{collection}/items", json=item)  # write 3: the slug is taken now
            assert again.status_code == 202
            assert again.json()["fieldData"]["slug"].startswith("a-")
            missing = http.get(f"/collections/{collection}/items/{'f' * 24}")
            assert missing.json()["code"] == "item_not_found"
            publish = {"publishToWebflowSubdomain": True}  # no interval: two publishes in a row
            assert [http.post(f"/sites/{ready['site_id']}/publish", json=publish).status_code for _ in "ab"] == [
                202,
                202,
            ]
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_date_bounds_insert_status_and_cdn_flags_shape_the_running_server() -> None:
    command = [sys.executable, "-m", "webflow_cms_emulator", "--port", "0", "--rate-limit", "1000/1"]
    command += ["--date-bounds", "exclusive", "--insert-status", "200", "--cdn-cache-seconds", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready = json.loads(process.stdout.readline())
        assert ready["cdn_url"] == ready["url"].removesuffix("/v2") + "/cdn/v2"
        headers = {"Authorization": f"Bearer {ready['token']}"}
        with httpx.Client(base_url=ready["url"], headers=headers, timeout=10) as http:
            body = {"displayName": "Posts", "singularName": "Post", "slug": "posts", "fields": []}
            collection = http.post(f"/sites/{ready['site_id']}/collections", json=body).json()["id"]
            inserted = http.post(
                f"/collections/{collection}/items/insert", json={"items": [{"fieldData": {"name": "A", "slug": "a"}}]}
            )
            assert inserted.status_code == 200  # --insert-status 200
            created_on = inserted.json()["items"][0]["createdOn"]
            bounded = http.get(f"/collections/{collection}/items", params={"createdOn[gte]": created_on}).json()
            assert bounded["items"] == []  # --date-bounds exclusive: the bound itself is out
            url = f"{ready['cdn_url']}/collections/{collection}/items/live"
            assert [http.get(url).headers["CF-Cache-Status"] for _ in "ab"] == ["MISS", "MISS"]  # nothing kept
    finally:
        process.terminate()
        process.wait(timeout=15)


@pytest.mark.parametrize(
    "flag",
    [
        ["--fail-write", "0"],
        ["--duplicate-slug", "sometimes"],
        ["--site-publish-interval", "-1"],
        ["--date-bounds", "open"],
        ["--insert-status", "201"],
        ["--cdn-cache-seconds", "-1"],
        ["--cdn-cache-seconds", "inf"],
    ],
)
def test_bad_flags_are_refused_with_a_usage_error(flag: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "webflow_cms_emulator", *flag], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert "webflow-cms-emulator" in done.stderr
