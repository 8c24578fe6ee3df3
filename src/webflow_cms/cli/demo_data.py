"""A deterministic set of blog posts for the demo: the same seed gives the same posts, byte for byte."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

__all__ = ["BLOG_FIELDS", "blog_posts"]

#: The demo collection's own fields (every collection also has name and slug).
BLOG_FIELDS: list[dict[str, Any]] = [
    {"displayName": "Summary", "slug": "summary", "type": "PlainText", "isRequired": False},
    {"displayName": "Author", "slug": "author", "type": "PlainText", "isRequired": False},
    {"displayName": "Reading time", "slug": "reading-time", "type": "Number", "isRequired": False},
    {"displayName": "Featured", "slug": "featured", "type": "Switch", "isRequired": False},
]

_TOPICS = [
    "bulk imports",
    "rate limits",
    "draft workflows",
    "content modelling",
    "static exports",
    "localized pages",
    "image pipelines",
    "editorial calendars",
    "schema changes",
    "search indexing",
    "webhooks",
    "link checking",
]
_ANGLES = ["A field guide to", "Notes on", "Lessons from", "Ten questions about", "Getting started with", "Beyond"]
_AUTHORS = ["Ada Quinn", "Bo Lindqvist", "Chidi Okafor", "Dana Ruiz", "Eun-ji Park", "Farid Haddad", "Gwen Ito"]
_OPENINGS = ["Why", "How", "When", "What happens when"]
_ENDINGS = [
    "a team moves a thousand items at once",
    "the API says 429 and the job keeps going",
    "editors stage changes before they go live",
    "a nightly sync meets a half-finished draft",
]


def blog_posts(count: int = 5000, seed: int = 7) -> Iterator[dict[str, Any]]:
    """``count`` posts as import rows (field slug to value); slugs are unique and sortable."""
    rng = random.Random(seed)  # noqa: S311 - sample data, not secrets
    for number in range(1, count + 1):
        topic = rng.choice(_TOPICS)
        yield {
            "name": f"{rng.choice(_ANGLES)} {topic} ({number})",
            "slug": f"post-{number:05d}-{topic.replace(' ', '-')}",
            "summary": f"{rng.choice(_OPENINGS)} {rng.choice(_ENDINGS)}.",
            "author": rng.choice(_AUTHORS),
            "reading-time": rng.randint(2, 24),
            "featured": rng.random() < 0.1,
        }
