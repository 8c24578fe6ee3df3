"""Whether a string is a color a Webflow Color field takes, checked before sending.

Webflow's field-types page lists the forms: hex (``#RGB``, ``#RGBA``,
``#RRGGBB``, ``#RRGGBBAA``), ``rgb()``/``rgba()``, ``hsl()``/``hsla()``, a CSS
color name and ``transparent``. The names are CSS Color Level 4's; like CSS,
names and function names are matched in any case.
"""

from __future__ import annotations

import re

__all__ = ["is_color"]

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_ALPHA = rf"(?:\s*[,/]\s*{_NUMBER}%?)?"
_RGB = rf"rgba?\(\s*{_NUMBER}%?(?:\s*,\s*|\s+){_NUMBER}%?(?:\s*,\s*|\s+){_NUMBER}%?{_ALPHA}\s*\)"
_HSL = rf"hsla?\(\s*{_NUMBER}(?:deg|grad|rad|turn)?(?:\s*,\s*|\s+){_NUMBER}%(?:\s*,\s*|\s+){_NUMBER}%{_ALPHA}\s*\)"
_FORMS = re.compile(rf"#(?:[0-9a-f]{{3,4}}|[0-9a-f]{{6}}|[0-9a-f]{{8}})|{_RGB}|{_HSL}", re.IGNORECASE)

_NAME_LIST = """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown burlywood
    cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan darkgoldenrod
    darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon
    darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue dimgray
    dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite gold goldenrod gray green
    greenyellow grey honeydew hotpink indianred indigo ivory khaki lavender lavenderblush lawngreen lemonchiffon
    lightblue lightcoral lightcyan lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon
    lightseagreen lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue
    mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy
    oldlace olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred papayawhip
    peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen steelblue tan teal
    thistle tomato turquoise violet wheat white whitesmoke yellow yellowgreen transparent
"""
_NAMES = frozenset(_NAME_LIST.split())


def is_color(value: object) -> bool:
    """True for a string in one of the forms Webflow documents for Color fields."""
    if not isinstance(value, str):
        return False
    return value.lower() in _NAMES or _FORMS.fullmatch(value) is not None
