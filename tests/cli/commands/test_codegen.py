"""``webflow-cms codegen``: typed models written from the emulator's schema, then checked as the schema changes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from cli.runner import FAST, Run, cli
from support import Emulated, create_collection, emulated
from webflow_cms import AsyncWebflowCMS
from webflow_cms.cli.commands.codegen import write_atomically
from webflow_cms.cli.errors import InputError

pytestmark = pytest.mark.anyio


def load(path: Path, name: str) -> ModuleType:
    """Import a generated module from its file (the CLI tests' own process, not the subprocess)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # attrs and typing look classes up through their module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


async def add_schema(emu: Emulated) -> str:
    """An Authors collection, and on Blog Posts a reference to it and an Option field; the Authors id."""
    fields = [{"displayName": "Bio", "slug": "bio", "type": "RichText"}]
    authors = await create_collection(emu.url, emu.token, emu.site_id, "authors", fields=fields)
    async with AsyncWebflowCMS(emu.token, base_url=emu.url) as wf:
        posts = wf.collections.fields(emu.collection_id)
        await posts.create({"displayName": "Author", "type": "Reference", "metadata": {"collectionId": authors}})
        await posts.create(
            {
                "displayName": "Category",
                "type": "Option",
                "metadata": {"options": [{"name": "News"}, {"name": "Guides"}]},
            }
        )
    return authors


async def check(emu: Emulated, tmp_path: Path, *extra: str) -> Run:
    return await cli(emu, "codegen", "--check", "cms_models.py", *extra, cwd=tmp_path)


async def test_write_then_check_as_the_schema_changes(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        authors = await add_schema(emu)
        written = await cli(emu, "codegen", "--site", emu.site_id, "-o", "cms_models.py", cwd=tmp_path)
        assert written.code == 0, written.stderr
        assert written.stdout.startswith("wrote cms_models.py: 2 classes (sha256:")
        assert "\n  Author  " in written.stdout
        assert "\n  BlogPost  " in written.stdout

        models = load(tmp_path / "cms_models.py", "cms_models_under_test")
        assert [m.__name__ for m in models.MODELS] == ["Author", "BlogPost"]
        assert emu.site_id == models.SITE_ID
        spec = models.BlogPost.__collection__
        assert spec.collection_id == emu.collection_id
        assert spec.fields["author"].target == authors
        assert list(spec.fields["category"].options) == ["News", "Guides"]
        post = models.BlogPost(name="Hello", slug="hello", category="News")
        assert post.rank is None
        assert post.author is None

        async with AsyncWebflowCMS(emu.token, base_url=emu.url) as wf:  # the runtime reads the classes as written
            author = await wf.items(authors, model=models.Author).create(models.Author(name="Ada", slug="ada"))
            made = await wf.items(emu.collection_id, model=models.BlogPost).create(
                models.BlogPost(name="Hi", slug="hi", category="Guides", author=author.id, rank=3)
            )
            again = await wf.items(emu.collection_id, model=models.BlogPost).get(str(made.id))
            assert (again.category, again.author, again.rank) == ("Guides", author.id, 3)

        matches = await check(emu, tmp_path)  # no --site: the file's own site
        assert matches.code == 0, matches.stderr
        assert matches.stdout.startswith(f"cms_models.py matches the live schema ({models.SCHEMA_HASH})")

        async with AsyncWebflowCMS(emu.token, base_url=emu.url) as wf:
            posts = wf.collections.fields(emu.collection_id)
            await posts.create({"displayName": "Subtitle", "type": "PlainText"})
            added = await check(emu, tmp_path)
            assert added.code == 1, added.stderr
            assert "BlogPost: field 'subtitle' added (PlainText)" in added.stdout
            assert "+    subtitle: str | None = None" in added.stdout  # the diff
            assert "webflow-cms codegen --site" in added.stderr  # how to update

            live = await wf.collections.get(emu.collection_id)
            rank, featured = live.field("rank"), live.field("featured")
            assert rank is not None
            assert featured is not None
            await posts.delete(rank.id)
            removed = await check(emu, tmp_path)
            assert removed.code == 1
            assert "BlogPost: field 'rank' removed" in removed.stdout

            await posts.delete(featured.id)
            await posts.create({"displayName": "Featured", "slug": "featured", "type": "PlainText"})
            retyped = await check(emu, tmp_path, "--json")
            assert retyped.code == 1
            report = retyped.json()
            assert report["matches"] is False
            assert "BlogPost: field 'featured' changed type Switch -> PlainText" in report["summary"]

        rewritten = await cli(emu, "codegen", "-o", "cms_models.py", cwd=tmp_path)
        assert rewritten.code == 0, rewritten.stderr
        assert (await check(emu, tmp_path)).code == 0


async def test_stdout_json_and_a_missing_file(tmp_path: Path) -> None:
    async with emulated(rate_limit=FAST) as emu:
        printed = await cli(emu, "codegen", cwd=tmp_path)
        assert printed.code == 0, printed.stderr
        assert printed.stdout.startswith('"""Typed models of the CMS collections of site')
        assert "class BlogPost(_wf.CMSItem):" in printed.stdout
        as_json = await cli(emu, "--json", "codegen", cwd=tmp_path)
        assert as_json.json()["module"] == printed.stdout

        missing = await check(emu, tmp_path)
        assert missing.code == 2
        assert "no such file" in missing.stderr
        both = await cli(emu, "codegen", "-o", "a.py", "--check", "b.py", cwd=tmp_path)
        assert both.code == 2
        assert "not allowed with" in both.stderr

        (tmp_path / "cms_models.py").write_text("print('hello')\n", encoding="utf-8")
        foreign = await check(emu, tmp_path, "--site", emu.site_id)
        assert foreign.code == 1
        assert "is not a module written by webflow-cms codegen" in foreign.stdout


def test_write_atomically_keeps_the_mode_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "cms_models.py"
    write_atomically(target, "A = 1\n")
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o640)
    write_atomically(target, "A = 2\n")
    assert target.read_text(encoding="utf-8") == "A = 2\n"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["cms_models.py"]
    with pytest.raises(InputError, match="does not exist"):
        write_atomically(tmp_path / "nowhere" / "cms_models.py", "A = 1\n")
