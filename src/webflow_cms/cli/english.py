"""The singular of a collection's name: ``collections create Categories`` names one item a "Category".

Webflow asks for the name of one item when a collection is made, and ``codegen`` names the item's
class after it (``class Category``), so a default of "the name less its final s" ("Categorie")
shows up in code. These rules cover the names CMS collections have; ``--singular`` overrides them,
and the command prints the name it used. A rule set rather than the ``inflect`` package: that adds
two dependencies and about two seconds of import to the command, and still gives "Glas" for Glass.

Only the last word changes ("Blog Posts" -> "Blog Post"), keeping its case ("FAQs" -> "FAQ",
"PEOPLE" -> "PERSON"). The first rule that applies:

1. a word that reads the same in both numbers (News, Series, Analytics) or is already singular
   though it ends in s (-ss: Glass; -sis: Analysis; -ous: Various; Status, Canvas, Bus) stays;
2. an irregular plural comes from the table (People -> Person, Children -> Child, Criteria ->
   Criterion, Analyses -> Analysis); People, Children, Women and Men also end compounds
   (Salespeople -> Salesperson, Chairmen -> Chairman);
3. the plural of a singular in s loses its -es (Statuses -> Status, Buses -> Bus);
4. -ies becomes -y (Categories -> Category), but the -ie words keep their e (Movies -> Movie);
5. -ves loses its s (Archives -> Archive), but the -f/-fe words get theirs back (Wolves -> Wolf);
6. -oes loses its s (Shoes -> Shoe), but -o words lose -es (Heroes -> Hero);
7. -sses, -xes, -zzes, -ches and -shes lose -es (Addresses -> Address, Boxes -> Box, Churches ->
   Church), but the -che words keep their e (Caches -> Cache);
8. any other final s goes (Posts -> Post, Courses -> Course, Menus -> Menu);
9. a word without a final s is taken as singular already (Data, Media, Staff, Inventory).
"""

from __future__ import annotations

import re

__all__ = ["singular"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Words ending in s that are singular as they are, or read the same in both numbers.
_STAYS = _words(
    "news series species means headquarters kudos diabetes measles tennis chassis axis pelvis trellis"
    " analytics athletics economics electronics ethics genetics linguistics logistics mathematics"
    " physics politics"
)
#: Singulars ending in s whose plural adds -es.
_ES = _words(
    "bus gas lens alias atlas canvas bias iris plus surplus minus bonus campus census chorus circus"
    " focus genius status virus syllabus prospectus walrus octopus consensus apparatus corpus caucus"
    " hiatus nexus fungus cactus radius stimulus nucleus thesaurus terminus sinus isthmus impetus exodus"
    " lotus citrus hummus papyrus opus onus omnibus abacus asparagus"
)
#: Irregular plurals, whole words.
_IRREGULAR = {
    "feet": "foot", "teeth": "tooth", "mice": "mouse", "geese": "goose", "oxen": "ox",
    "criteria": "criterion", "phenomena": "phenomenon", "alumni": "alumnus", "cacti": "cactus",
    "fungi": "fungus", "nuclei": "nucleus", "radii": "radius", "stimuli": "stimulus", "syllabi": "syllabus",
    "indices": "index", "matrices": "matrix", "vertices": "vertex", "appendices": "appendix",
    "analyses": "analysis", "crises": "crisis", "theses": "thesis", "hypotheses": "hypothesis",
    "diagnoses": "diagnosis", "syntheses": "synthesis", "parentheses": "parenthesis", "synopses": "synopsis",
    "quizzes": "quiz",
}  # fmt: skip
#: Irregular plurals that also end compound words (Salespeople, Grandchildren, Businesswomen, Chairmen).
_COMPOUNDING = {"people": "person", "children": "child", "women": "woman", "men": "man"}
#: Singular words ending in "men", which are no plural of "man".
_NOT_MEN = _words(
    "specimen abdomen omen amen stamen regimen acumen albumen bitumen lumen hymen semen yemen ramen carmen"
)
#: Singulars ending in -ie: their plural -ies loses only its s.
_IE = _words(
    "movie cookie pie tie lie zombie rookie selfie calorie smoothie hoodie goodie brownie genie freebie"
    " newbie foodie indie techie beanie prairie sortie auntie veggie pixie"
)
#: Singulars ending in -f or -fe whose plural is -ves.
_F = _words("leaf knife life wife half shelf thief wolf calf loaf scarf elf self hoof")
#: Singulars ending in -o whose plural is -oes.
_O = _words("hero potato tomato echo veto torpedo embargo volcano tornado mosquito domino")
#: Singulars ending in -che: their plural -ches loses only its s.
_CHE = _words("cache niche cliche headache avalanche moustache mustache quiche psyche")
_LAST_WORD = re.compile(r"[^\W\d_]+$")


def _swap(word: str, cut: int, add: str) -> str:
    """``word`` less its last ``cut`` letters plus ``add``, in the case of the letters it replaces."""
    kept, replaced = word[: len(word) - cut], word[len(word) - cut :]
    if replaced.isupper():
        add = add.upper()
    elif replaced[:1].isupper():
        add = add[:1].upper() + add[1:]
    return kept + add


def _singular_word(word: str) -> str:
    low = word.lower()
    if len(low) < 3 or low in _STAYS or low in _ES or low.endswith(("ss", "sis", "ous")):
        return word
    if low in _IRREGULAR:
        return _swap(word, len(low), _IRREGULAR[low])
    for plural, one in _COMPOUNDING.items():
        if low.endswith(plural) and low not in _NOT_MEN:  # "women" comes before "men"
            return _swap(word, len(plural), one)
    if low.endswith("es") and low[:-2] in _ES:
        return word[:-2]
    if low.endswith("ies"):
        return word[:-1] if low[:-1] in _IE else _swap(word, 3, "y")
    if low.endswith("ves"):
        for ending in ("f", "fe"):
            if low[:-3] + ending in _F:
                return _swap(word, 3, ending)
    if low.endswith("oes") and low[:-2] in _O:
        return word[:-2]
    if low.endswith("ches") and low[:-1] in _CHE:
        return word[:-1]
    if low.endswith(("sses", "xes", "zzes", "ches", "shes")):
        return word[:-2]
    return word[:-1] if low.endswith("s") else word


def singular(name: str) -> str:
    """The name of one item of a collection called ``name``: its last word in the singular."""
    last = _LAST_WORD.search(name)
    if last is None:
        return name
    return name[: last.start()] + _singular_word(last.group())
