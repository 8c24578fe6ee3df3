"""What a Color field accepts.

Source: Webflow's "Field Types & Item Values" page
(https://developers.webflow.com/data/reference/field-types-item-values): a Color value may be hex
(`#RGB`, `#RGBA`, `#RRGGBB`, `#RRGGBBAA`), `rgb()`, `rgba()`, `hsl()`, `hsla()`, a CSS named color
(its examples: orchid, aqua, black) or `transparent`. The page lists no names, so the emulator takes
the 148 named colors of CSS Color Module Level 4; it matches names without regard to case, as CSS
does. How strictly Webflow reads the inside of `rgb(...)` / `hsl(...)` is not documented: the
emulator keeps its loose reading of `rgb()` and asks `hsl()` for a hue and two percentages, with an
optional alpha after a comma or a slash (the legacy and the modern CSS spellings).
"""

from __future__ import annotations

import re

_HEX = r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})"
_RGB = r"rgba?\([0-9.,%\s]+\)"
_NUM = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_HUE = rf"{_NUM}(?:deg|grad|rad|turn)?"
_PCT = rf"{_NUM}%"
_ALPHA = rf"{_NUM}%?"
_HSL_COMMAS = rf"{_HUE}\s*,\s*{_PCT}\s*,\s*{_PCT}(?:\s*,\s*{_ALPHA})?"
_HSL_SPACES = rf"{_HUE}\s+{_PCT}\s+{_PCT}(?:\s*/\s*{_ALPHA})?"
_HSL = rf"hsla?\(\s*(?:{_HSL_COMMAS}|{_HSL_SPACES})\s*\)"
_FORMS = re.compile(rf"{_HEX}|{_RGB}|{_HSL}", re.IGNORECASE)

_NAMES = """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue blueviolet brown
    burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk crimson cyan darkblue darkcyan
    darkgoldenrod darkgray darkgreen darkgrey darkkhaki darkmagenta darkolivegreen darkorange darkorchid
    darkred darksalmon darkseagreen darkslateblue darkslategray darkslategrey darkturquoise darkviolet
    deeppink deepskyblue dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro
    ghostwhite gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan lightgoldenrodyellow
    lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen lightskyblue lightslategray
    lightslategrey lightsteelblue lightyellow lime limegreen linen magenta maroon mediumaquamarine
    mediumblue mediumorchid mediumpurple mediumseagreen mediumslateblue mediumspringgreen
    mediumturquoise mediumvioletred midnightblue mintcream mistyrose moccasin navajowhite navy oldlace
    olive olivedrab orange orangered orchid palegoldenrod palegreen paleturquoise palevioletred
    papayawhip peachpuff peru pink plum powderblue purple rebeccapurple red rosybrown royalblue
    saddlebrown salmon sandybrown seagreen seashell sienna silver skyblue slateblue slategray slategrey
    snow springgreen steelblue tan teal thistle tomato turquoise violet wheat white whitesmoke yellow
    yellowgreen
"""
#: CSS Color Module Level 4, "named colors" (148 names; the gray/grey spellings count apart).
NAMED_COLORS: frozenset[str] = frozenset(_NAMES.split())
#: Not one of the named colors in CSS, but listed on its own by the Webflow page.
TRANSPARENT = "transparent"


def color_problem(value: object) -> str | None:
    """Why `value` is not a Color value, or None when it is one."""
    if isinstance(value, str):
        if _FORMS.fullmatch(value) is not None:
            return None
        lowered = value.lower()
        if lowered in NAMED_COLORS or lowered == TRANSPARENT:
            return None
    return "must be a color: hex, rgb(), rgba(), hsl(), hsla(), a CSS color name or transparent"
