"""The singular of a collection's name (``cli/english.py``): each rule, in the order the module lists them."""

from __future__ import annotations

import pytest

from webflow_cms.cli.english import singular


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        # 1. already singular, or the same in both numbers
        ("Glass", "Glass"), ("Address", "Address"), ("Analysis", "Analysis"), ("Miscellaneous", "Miscellaneous"),
        ("News", "News"), ("Series", "Series"), ("Species", "Species"), ("Analytics", "Analytics"),
        ("Status", "Status"), ("Campus", "Campus"), ("Canvas", "Canvas"), ("Bus", "Bus"),
        # 2. irregular, whole words and compounds
        ("People", "Person"), ("Children", "Child"), ("Men", "Man"), ("Women", "Woman"), ("Feet", "Foot"),
        ("Criteria", "Criterion"), ("Analyses", "Analysis"), ("Indices", "Index"), ("Quizzes", "Quiz"),
        ("Salespeople", "Salesperson"), ("Grandchildren", "Grandchild"), ("Businesswomen", "Businesswoman"),
        ("Chairmen", "Chairman"), ("Specimen", "Specimen"), ("Ramen", "Ramen"),
        # 3. singulars in s that take -es
        ("Statuses", "Status"), ("Bonuses", "Bonus"), ("Buses", "Bus"), ("Lenses", "Lens"), ("Aliases", "Alias"),
        # 4. -ies
        ("Categories", "Category"), ("Case Studies", "Case Study"), ("Stories", "Story"),
        ("Movies", "Movie"), ("Cookies", "Cookie"), ("Ties", "Tie"),
        # 5. -ves
        ("Wolves", "Wolf"), ("Knives", "Knife"), ("Leaves", "Leaf"), ("Archives", "Archive"), ("Olives", "Olive"),
        # 6. -oes
        ("Heroes", "Hero"), ("Potatoes", "Potato"), ("Shoes", "Shoe"),
        # 7. -sses, -xes, -zzes, -ches, -shes
        ("Addresses", "Address"), ("Glasses", "Glass"), ("Businesses", "Business"), ("Boxes", "Box"),
        ("Taxes", "Tax"), ("Buzzes", "Buzz"), ("Churches", "Church"), ("Dishes", "Dish"), ("Caches", "Cache"),
        # 8. any other final s
        ("Posts", "Post"), ("Blog Posts", "Blog Post"), ("Courses", "Course"), ("Houses", "House"),
        ("Services", "Service"), ("Sizes", "Size"), ("Days", "Day"), ("Menus", "Menu"), ("Emojis", "Emoji"),
        ("Photos", "Photo"), ("Stomachs", "Stomach"), ("Specimens", "Specimen"),
        # 9. no final s: singular already
        ("Data", "Data"), ("Media", "Media"), ("Staff", "Staff"), ("Inventory", "Inventory"),
    ],
)  # fmt: skip
def test_each_rule(plural: str, one: str) -> None:
    assert singular(plural) == one


@pytest.mark.parametrize(
    ("plural", "one"),
    [
        ("FAQs", "FAQ"), ("CATEGORIES", "CATEGORY"), ("PEOPLE", "PERSON"), ("categories", "category"),
        ("SalesPeople", "SalesPerson"), ("Job-Openings", "Job-Opening"), ("Cafés", "Café"),
    ],
)  # fmt: skip
def test_only_the_last_word_changes_and_keeps_its_case(plural: str, one: str) -> None:
    assert singular(plural) == one


@pytest.mark.parametrize("name", ["Posts 2024", "Posts (old)", "", "Us", "!!"])
def test_a_name_not_ending_in_a_word_of_three_letters_is_kept(name: str) -> None:
    assert singular(name) == name
