"""``webflow_cms.codegen``: the typed module rendered from a schema, its hash, and the drift between two of them."""

from __future__ import annotations

import ast
import importlib.util
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

from webflow_cms._engine.codec import codec_for
from webflow_cms.codegen import CodegenError, compare_models, parse_models, render_models, schema_hash
from webflow_cms.resources.collections import Collection, Field
from webflow_cms.resources.sites import Site

BIN = Path(sys.executable).parent
SITE = Site(id="580e63e98c9a982ac9b8b741", display_name="My Site", short_name="my-site")
AUTHORS = "580e63fc8c9a982ac9b8b745"
POSTS = "580e63fc8c9a982ac9b8b746"
CATEGORIES = "580e63fc8c9a982ac9b8b747"
ELSEWHERE = "680e63fc8c9a982ac9b8b700"
#: Every type of the collections spec's Field type enum, and one it does not know.
SPEC_TYPES = (
    "Color", "DateTime", "Email", "ExtFileRef", "File", "Image", "Link", "MultiImage", "MultiReference",
    "Number", "Option", "Phone", "PlainText", "Reference", "RichText", "Switch", "VideoLink",
)  # fmt: skip


def field(slug: str, kind: str = "PlainText", *, required: bool = False, **validations: Any) -> dict[str, Any]:
    return {"id": "6" * 24, "slug": slug, "displayName": slug.title(), "type": kind, "isRequired": required,
            "validations": validations or None}  # fmt: skip


def options(*names: str) -> list[dict[str, str]]:
    return [{"name": name, "id": f"66f6e966c9e1dc700a857c{n:02x}"} for n, name in enumerate(names)]


def collection(cid: str, display: str, singular: str, *fields: dict[str, Any]) -> Collection:
    builtin = [field("name", required=True), field("slug", required=True)]
    return Collection.from_dict(
        {
            "id": cid,
            "displayName": display,
            "singularName": singular,
            "slug": display.lower(),
            "fields": builtin + list(fields),
        }
    )


def schema() -> list[Collection]:
    """Posts with a field of every type (two references each way), Authors, Categories."""
    posts = collection(
        POSTS, "Blog Posts", "Blog Post",
        field("color", "Color"), field("published-on", "DateTime", required=True), field("email", "Email"),
        field("external", "ExtFileRef"), field("attachment", "File"), field("main-image", "Image"),
        field("link", "Link"), field("gallery", "MultiImage"),
        field("categories", "MultiReference", collectionId=CATEGORIES),
        field("rating", "Number", format="integer", minValue=1),
        field("kind", "Option", options=options("News", "Guides")),
        field("phone", "Phone"), field("subtitle", "PlainText"), field("author", "Reference", collectionId=AUTHORS),
        field("body", "RichText"), field("featured", "Switch"), field("video", "VideoLink"),
        field("location", "GeoPoint"), field("partner", "Reference", collectionId=ELSEWHERE),
        field("tags", "Option"),
    )  # fmt: skip
    authors = collection(AUTHORS, "Authors", "Author", field("bio", "RichText"))
    categories = collection(CATEGORIES, "Categories", "Category", field("main", "Reference", collectionId=CATEGORIES))
    return [posts, authors, categories]


def render(collections: list[Collection] | None = None) -> str:
    return render_models(SITE, schema() if collections is None else collections)


def declarations(text: str, class_name: str) -> dict[str, str]:
    """Attribute name to its declaration, as ``ast.unparse`` writes it."""
    tree = ast.parse(text)
    body = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name).body
    return {
        ast.unparse(n.target): ast.unparse(n.annotation) + (f" = {ast.unparse(n.value)}" if n.value else "")
        for n in body
        if isinstance(n, ast.AnnAssign)
    }


def test_each_field_type_gets_its_python_type() -> None:
    assert set(SPEC_TYPES) <= {f.type for f in schema()[0].fields}
    assert declarations(render(), "BlogPost") == {
        "id": "_wf.Ref[BlogPost] | None = None",
        "name": "str",
        "slug": "str",
        "color": "str | None = None",
        "published_on": "_dt.datetime",
        "email": "str | None = None",
        "external": "_wf.FileRef | None = None",
        "attachment": "_wf.FileRef | None = None",
        "main_image": "_wf.FileRef | None = None",
        "link": "str | None = None",
        "gallery": "list[_wf.FileRef] = _attrs.field(factory=list)",
        "categories": "list[_wf.Ref[Category]] = _attrs.field(factory=list)",
        "rating": "int | float | None = None",
        "kind": "_t.Literal['News', 'Guides'] | None = None",
        "phone": "str | None = None",
        "subtitle": "str | None = None",
        "author": "_wf.Ref[Author] | None = None",
        "body": "str | None = None",
        "featured": "bool | None = None",
        "video": "str | None = None",
        "location": "_wf.JSON | None = None",
        "partner": "_wf.Ref[_wf.CMSItem] | None = None",
        "tags": "str | None = None",
    }


def test_the_module_has_the_documented_shape() -> None:
    text = render()
    assert text.startswith('"""Typed models of the CMS collections of site "My Site" (580e63e98c9a982ac9b8b741).\n')
    assert "    Author      Authors (580e63fc8c9a982ac9b8b745)\n    BlogPost    Blog Posts (" in text
    assert f'SCHEMA_HASH = "{schema_hash(SITE.id, schema())}"' in text
    assert text.endswith("\n\n\nMODELS: tuple[type[_wf.CMSItem], ...] = (Author, BlogPost, Category)\n")
    assert "    # field type 'GeoPoint' is not known to webflow-cms: passed through as is\n    location:" in text
    specs = text[text.index("class BlogPost") :]
    assert '"name": _wf.FieldSpec("name", "PlainText", required=True),' in specs
    assert '"main_image": _wf.FieldSpec("main-image", "Image"),' in specs
    assert 'options={\n                    "News": "66f6e966c9e1dc700a857c00",' in specs
    assert f'target="{AUTHORS}"' in specs
    assert 'validations={"format": "integer", "minValue": 1}' in specs
    assert '"tags": _wf.FieldSpec("tags", "Option"),' in specs  # no choices, no options=
    assert "import datetime as _dt\nimport typing as _t\n\nimport attrs as _attrs\nfrom webflow_cms" in text


def test_imports_are_only_those_used() -> None:
    text = render([collection(AUTHORS, "Authors", "Author")])
    assert "_dt" not in text
    assert "import typing" not in text
    empty = render([])
    assert "import attrs" not in empty
    assert "Collections: none" in empty
    assert empty.endswith("MODELS: tuple[type[_wf.CMSItem], ...] = ()\n")


@pytest.mark.parametrize(
    ("singular", "expected"),
    [("Blog Post", "BlogPost"), ("blog-post", "BlogPost"), ("FAQ item!", "FAQItem"), ("9 lives", "C9Lives"),
     ("none", "None_"), ("MODELS", "MODELS_"), ("Café crème", "CaféCrème"), ("!!!", "Things")],
)  # fmt: skip
def test_class_names(singular: str, expected: str) -> None:
    text = render([collection(AUTHORS, "Things", singular)])
    assert f"class {expected}(_wf.CMSItem):" in text


def test_same_class_name_twice_is_numbered_by_collection_id() -> None:
    text = render(
        [collection(POSTS, "B", "Post"), collection(AUTHORS, "A", "Post"), collection(CATEGORIES, "C", "Post 2")]
    )
    assert parse_models(text).models[AUTHORS].class_name == "Post"
    assert parse_models(text).models[POSTS].class_name == "Post3"  # Post2 is another collection's own name
    assert parse_models(text).models[CATEGORIES].class_name == "Post2"


def test_attribute_names() -> None:
    fields = [field(s) for s in ("main-image", "9lives", "class", "id", "created-on", "str", "created-on-field")]
    text = render([collection(AUTHORS, "Authors", "Author", *fields)])
    names = list(declarations(text, "Author"))
    assert names == ["id", "name", "slug", "main_image", "f_9lives", "class_", "id_field", "created_on_field",
                     "str_field", "created_on_field_field"]  # fmt: skip
    specs = parse_models(text).models[AUTHORS].fields
    assert [(f.attribute, f.slug) for f in specs][-5:] == [
        ("class_", "class"), ("id_field", "id"), ("created_on_field", "created-on"), ("str_field", "str"),
        ("created_on_field_field", "created-on-field"),
    ]  # fmt: skip


def test_a_name_clash_between_fields_is_numbered() -> None:
    text = render([collection(AUTHORS, "Authors", "Author", field("a-b"), field("a_b"), field("a--b"))])
    assert list(declarations(text, "Author"))[3:] == ["a_b", "a_b_field", "a_b_field2"]


def test_option_names_are_quoted_safely() -> None:
    names = ['say "hi"', "it's", "back\\slash", "é ✓ 😀", "tab\there", "both ' and \"", "zero\u200bwidth"]
    text = render([collection(AUTHORS, "Authors", "Author", field("pick", "Option", options=options(*names)))])
    annotation = ast.parse(text).body[-2]
    assert isinstance(annotation, ast.ClassDef)
    literal = next(n for n in annotation.body if isinstance(n, ast.AnnAssign) and ast.unparse(n.target) == "pick")
    assert isinstance(literal.annotation, ast.BinOp)
    assert isinstance(literal.annotation.left, ast.Subscript)
    assert ast.literal_eval(literal.annotation.left.slice) == tuple(names)
    assert [name for name, _ in parse_models(text).models[AUTHORS].fields[-1].options] == names


def test_an_option_name_given_twice_is_an_error() -> None:
    twice = collection(AUTHORS, "Authors", "Author", field("tier", "Option", options=options("Gold", "Gold")))
    with pytest.raises(CodegenError, match=r"'Authors' \(580e63fc8c9a982ac9b8b745\), field 'tier'.*'Gold'"):
        render([twice])


def test_same_schema_same_text() -> None:
    shuffled = schema()[::-1]
    assert render() == render(shuffled) == render()
    assert schema_hash(SITE.id, schema()) == schema_hash(SITE.id, shuffled)


def _changed(collections: list[Collection], index: int, **changes: Any) -> list[Collection]:
    posts = collections[0]
    fields = list(posts.fields)
    fields[index] = attrs.evolve(fields[index], **changes)
    return [attrs.evolve(posts, fields=tuple(fields)), *collections[1:]]


def test_the_hash_changes_with_what_is_rendered_and_only_that() -> None:
    base = schema()
    original = schema_hash(SITE.id, base)
    rendered_changes = [
        _changed(base, 2, slug="colour"),
        _changed(base, 2, type="PlainText"),
        _changed(base, 2, is_required=True),
        _changed(base, 12, validations={"options": options("News", "Events")}),
        _changed(base, 11, validations={"format": "decimal"}),
        _changed(base, 15, validations={"collectionId": CATEGORIES}),
        [attrs.evolve(base[0], display_name="Posts"), *base[1:]],
        [attrs.evolve(base[0], singular_name="Post"), *base[1:]],
        base[:2],
    ]
    for changed in rendered_changes:
        assert schema_hash(SITE.id, changed) != original
        assert render(changed) != render(base)
    assert schema_hash("680e63e98c9a982ac9b8b741", base) != original
    not_rendered = [
        _changed(base, 2, display_name="Colour", id="7" * 24),
        [attrs.evolve(base[0], slug="posts"), *base[1:]],
    ]
    for same in not_rendered:
        assert schema_hash(SITE.id, same) == original
        assert render(same) == render(base)


def _tool(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


USE = """
from __future__ import annotations

from webflow_cms import typed

from cms_models import Author, BlogPost, Category


def describe(post: BlogPost, author: Author) -> str:
    post.author = author.id
    first: typed.Ref[Category] | None = post.categories[0] if post.categories else None
    kind: str = post.kind or "none"
    return f"{post.name} {kind} {first} {post.published_on.isoformat()}"
"""
WRONG = """
from __future__ import annotations

from cms_models import Author, BlogPost


def mix_up(post: BlogPost, author: Author) -> None:
    post.categories.append(author.id)
    post.kind = "Events"
"""


@pytest.mark.slow
def test_the_module_passes_mypy_strict_and_ruff_as_written(tmp_path: Path) -> None:
    (tmp_path / "cms_models.py").write_text(render(), encoding="utf-8")
    (tmp_path / "use.py").write_text(USE, encoding="utf-8")
    (tmp_path / "wrong.py").write_text(WRONG, encoding="utf-8")
    formatted = _tool(
        BIN / "ruff", "format", "--isolated", "--line-length", "88", "--check", "cms_models.py", cwd=tmp_path
    )
    assert formatted.returncode == 0, formatted.stdout + formatted.stderr
    linted = _tool(BIN / "ruff", "check", "--isolated", "cms_models.py", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout
    typed = _tool(BIN / "mypy", "--strict", "--no-incremental", "cms_models.py", "use.py", cwd=tmp_path)
    assert typed.returncode == 0, typed.stdout
    rejected = _tool(BIN / "mypy", "--strict", "--no-incremental", "cms_models.py", "wrong.py", cwd=tmp_path)
    assert rejected.returncode == 1
    assert (
        'wrong.py:8: error: Argument 1 to "append" of "list" has incompatible type "Ref[Author] | None"'
        in rejected.stdout
    )
    assert "wrong.py:9: error: Incompatible types in assignment" in rejected.stdout
    assert rejected.stdout.count("error:") == 2, rejected.stdout


def _random_schema(seed: int) -> list[Collection]:
    """Long and odd names, long option lists, nested validations: the shapes that test the line layout."""
    pick = random.Random(seed)
    ids = [f"{n:024x}" for n in pick.sample(range(1 << 40), 4)]
    odd = ['"', "'", "\\", "é", "\n", " ", "x" * 30, "😀", "\u200b"]

    def text(length: int) -> str:
        return "".join(pick.choice([*odd, "ab", "cd", "ef"]) for _ in range(length))

    def name(length: int) -> str:
        return " ".join("".join(pick.choice("abcdefgh") for _ in range(pick.randint(1, 9))) for _ in range(length))

    made = []
    for cid in ids[: pick.randint(1, 4)]:
        fields = []
        for _ in range(pick.randint(0, 10)):
            kind = pick.choice([*SPEC_TYPES, "GeoPoint"])
            extra: dict[str, Any] = {}
            if kind == "Option":
                extra["options"] = options(
                    *(f"{text(pick.choice([1, 5, 30]))}{n}" for n in range(pick.choice([1, 3, 9])))
                )
            elif kind in ("Reference", "MultiReference"):
                extra["collectionId"] = pick.choice(ids)
            elif pick.random() < 0.3:
                extra = {"pattern": text(20), "minValue": pick.choice([1, 2.5, 1e30]), "nested": {"a": [1, None, True]}}
            slug = "-".join(name(1) for _ in range(pick.choice([1, 3, 7])))
            fields.append(field(slug, kind, required=pick.random() < 0.3, **extra))
        made.append(collection(cid, text(pick.choice([3, 40])), name(pick.choice([1, 3, 9])), *fields))
    return made


def test_odd_schemas_are_laid_out_as_ruff_would(tmp_path: Path) -> None:
    for seed in range(60):
        (tmp_path / f"m{seed}.py").write_text(render(_random_schema(seed)), encoding="utf-8")
    formatted = _tool(BIN / "ruff", "format", "--isolated", "--line-length", "88", "--check", ".", cwd=tmp_path)
    assert formatted.returncode == 0, formatted.stdout
    linted = _tool(BIN / "ruff", "check", "--isolated", ".", cwd=tmp_path)
    assert linted.returncode == 0, linted.stdout


def _drift(before: list[Collection], after: list[Collection]) -> list[str]:
    found = compare_models(render(before), render(after))
    assert found is not None
    return found.summary


def test_compare_names_each_change() -> None:
    base = schema()
    assert compare_models(render(), render()) is None
    posts = base[0]
    added = [
        attrs.evolve(posts, fields=(*posts.fields, Field("7" * 24, "summary", "Summary", "PlainText"))),
        *base[1:],
    ]
    assert _drift(base, added) == ["BlogPost: field 'summary' added (PlainText)"]
    assert _drift(added, base) == ["BlogPost: field 'summary' removed"]
    assert _drift(base, _changed(base, 11, type="PlainText", validations={})) == [
        "BlogPost: field 'rating' changed type Number -> PlainText"
    ]
    assert _drift(base, _changed(base, 2, is_required=True)) == ["BlogPost: field 'color' is now required"]
    assert _drift(base, _changed(base, 12, validations={"options": options("News", "Guides", "Events")})) == [
        "BlogPost: options of 'kind' changed: + 'Events'"
    ]
    events = collection("580e63fc8c9a982ac9b8b748", "Events", "Event")
    assert _drift(base, [*base, events]) == ["collection 'Events' (580e63fc8c9a982ac9b8b748) added"]
    assert _drift([*base, events], base) == ["collection 'Events' (580e63fc8c9a982ac9b8b748) removed"]


def test_compare_ignores_formatting_and_reports_a_foreign_file(tmp_path: Path) -> None:
    text = render()
    path = tmp_path / "cms_models.py"
    path.write_text(text, encoding="utf-8")
    reformatted = _tool(
        BIN / "ruff",
        "format",
        "--isolated",
        "--config",
        "format.skip-magic-trailing-comma=true",
        "cms_models.py",
        cwd=tmp_path,
    )
    assert reformatted.returncode == 0
    assert path.read_text(encoding="utf-8") != text
    assert compare_models(path.read_text(encoding="utf-8"), text) is None

    foreign = compare_models("x = 1\n", text, label="models.py")
    assert foreign is not None
    assert foreign.summary == [
        "models.py is not a module written by webflow-cms codegen (no SITE_ID and SCHEMA_HASH strings at the top"
        " level); write it again with -o"
    ]
    assert foreign.diff.startswith("--- models.py\n+++ live schema\n")
    hand_edited = text.replace("    rating: int | float | None = None", "    rating: int | None = None")
    drift = compare_models(hand_edited, text)
    assert drift is not None
    assert drift.summary == ["BlogPost: attributes are not declared as codegen writes them (edited by hand?)"]


def _import(source: str, folder: Path, name: str) -> Any:
    path = folder / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # attrs writes each class's __init__ here: a bad attribute name fails now
    return module


def test_generated_modules_import_and_build_instances(tmp_path: Path) -> None:
    odd = collection("7" * 24, "Odd", "Odd", field("self"), field("class"), field("id"), field("str"), field("for"))
    module = _import(render([odd]), tmp_path, "odd_models")
    names = [a.name for a in attrs.fields(module.Odd)]
    assert {"self_field", "class_", "id_field", "str_field", "for_"} <= set(names)
    thing = module.Odd(name="n", slug="s", self_field="a", class_="b", id_field="c", str_field="d", for_="e")
    assert codec_for(module.Odd).payload(thing, 0, new=True)["fieldData"] == {
        "name": "n", "slug": "s", "self": "a", "class": "b", "id": "c", "str": "d", "for": "e"
    }  # fmt: skip
    for seed in range(60):
        _import(render(_random_schema(seed)), tmp_path, f"random_models_{seed}")
