"""Class names, colours and roles: the optional CLASSES table
(code,name,color[,role]) and the defaults used when a code has no entry.
Every categorical output of the plugin (change maps, simulated maps,
accuracy maps) takes its labels and colours from here.

A class's *role* (cropland, forest, grassland, water, built-up, unused or
other) says what it is for the scenario presets, which are written on roles
so that they suit any classification; without roles, the codes of the
CNLUCC scheme are recognised (docs/demand.md, "Class roles")."""

import csv
import io
import re
from dataclasses import dataclass

from .errors import LandCarbonError
from .tables import parse_int, read_table

# Distinct, print-friendly colours for classes without a colour (Tableau 20).
DEFAULT_PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
    "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
]

# The roles, in the order messages list them. 'other' is a class that is none
# of the six (only the presets' "any other class" rules reach it).
ROLES = ("cropland", "forest", "grassland", "water", "built-up", "unused", "other")

# Accepted spellings (after _normalise) of each role.
_SYNONYMS = {
    "cropland": ("cropland", "crop land", "crops", "crop", "farmland", "farm land",
                 "arable land", "cultivated land", "agricultural land", "耕地"),
    "forest": ("forest", "forests", "forest land", "forestland", "woodland", "林地", "森林"),
    "grassland": ("grassland", "grass land", "grass", "meadow", "rangeland", "草地"),
    "water": ("water", "waters", "water body", "water bodies", "open water", "水域", "水体"),
    "built-up": ("built up", "builtup", "built", "built up land", "built up area", "urban",
                 "urban land", "construction land", "construction", "developed",
                 "settlement", "settlements", "artificial surface", "artificial surfaces",
                 "建设用地", "城乡、工矿、居民用地"),
    "unused": ("unused", "unused land", "barren", "barren land", "bare", "bare land",
               "bare ground", "未利用地", "未利用土地"),
    "other": ("other", "others", "其他", "其它"),
}
_ROLE_OF_TEXT = {text: role for role, texts in _SYNONYMS.items() for text in texts}

# CNLUCC, the land-use classification of the Chinese Academy of Sciences
# (RESDC): 6 first-level classes and 25 subclasses whose first digit is their
# class (Liu et al. 2014, J. Geogr. Sci. 24(2):195-210). 99 (sea), found in
# coastal tiles, is no land class: role 'other'.
CNLUCC_CLASSES = {1: "cropland", 2: "forest", 3: "grassland", 4: "water", 5: "built-up",
                  6: "unused"}
CNLUCC_SUBCLASSES = {
    11: "paddy field", 12: "dry land",
    21: "forest", 22: "shrubland", 23: "sparse woodland", 24: "other woodland",
    31: "high-cover grassland", 32: "medium-cover grassland", 33: "low-cover grassland",
    41: "rivers and canals", 42: "lakes", 43: "reservoirs and ponds",
    44: "permanent glaciers and snow", 45: "tidal flats", 46: "bottomland",
    51: "urban land", 52: "rural settlements", 53: "other construction land",
    61: "sand", 62: "Gobi", 63: "saline-alkali land", 64: "marsh", 65: "bare soil",
    66: "bare rock", 67: "other unused land",
    99: "sea",
}
CNLUCC_REFERENCE = "Liu et al. 2014"


def _subclass_role(code):
    return "other" if code == 99 else CNLUCC_CLASSES[code // 10]


def _normalise(text):
    """'Built_Up ' -> 'built up': lower case, '-' and '_' as spaces, single spaces."""
    return " ".join(re.sub(r"[-_]", " ", str(text or "").strip().lower()).split())


def parse_role(text, where):
    """A role from a table cell (case-insensitive, synonyms accepted); None
    for an empty cell. An unknown role is an error listing the valid ones."""
    key = _normalise(text)
    if not key:
        return None
    if key in _ROLE_OF_TEXT:
        return _ROLE_OF_TEXT[key]
    raise LandCarbonError(
        "%s: '%s' is not a class role. The roles are %s (also accepted: e.g. 'built up', "
        "'urban', 'construction land', 'barren' or 'bare' for unused, and the Chinese names "
        "耕地, 林地, 草地, 水域, 建设用地, 未利用地); write 'other' for a class that is "
        "none of the six (e.g. a wetland)." % (where, text, ", ".join(ROLES)))


def is_role(text):
    """True if ``text`` is a role name or one of its synonyms."""
    return _normalise(text) in _ROLE_OF_TEXT


def guess_role(name):
    """The role a class name suggests ('Deciduous Forest' -> forest,
    'Developed, Low Intensity' -> built-up), or None if it suggests none or
    several. Only a suggestion: used in examples and warnings, never to
    apply a scenario."""
    key = _normalise(name)
    if key in _ROLE_OF_TEXT:
        return _ROLE_OF_TEXT[key]
    words = re.findall(r"[a-z]+|[^\x00-\x7f]+", key)
    found = {_ROLE_OF_TEXT[w] for w in words if w in _ROLE_OF_TEXT}
    found |= {_ROLE_OF_TEXT[a + " " + b] for a, b in zip(words, words[1:])
              if a + " " + b in _ROLE_OF_TEXT}
    return found.pop() if len(found) == 1 else None


def parse_color(text, where):
    """'#RRGGBB' or '#RRGGBBAA' -> (r, g, b, a) ints."""
    t = (text or "").strip()
    hexpart = t[1:] if t.startswith("#") else t
    if len(hexpart) in (6, 8):
        try:
            values = [int(hexpart[i:i + 2], 16) for i in range(0, len(hexpart), 2)]
        except ValueError:
            values = None
        if values is not None:
            return tuple(values + [255] * (4 - len(values)))
    raise LandCarbonError("%s: colour '%s' is not a hex colour; write it as #RRGGBB "
                          "(e.g. #1a9850) or #RRGGBBAA." % (where, text))


def codes_text(codes):
    """'1, 5, 7': class codes in a message."""
    return ", ".join(str(int(c)) for c in codes)


def to_hex(rgba):
    return "#%02x%02x%02x" % tuple(rgba[:3])


@dataclass(frozen=True)
class ClassInfo:
    code: int
    name: str
    color: tuple  # (r, g, b, a)
    role: str = None


class ClassTable:
    """Names, colours and roles by class code, with defaults for unknown codes."""

    def __init__(self, entries=()):
        self._by_code = {e.code: e for e in entries}

    @classmethod
    def from_csv(cls, path, label=None):
        """Read 'code,name,color,role' (header required; colour and role optional)."""
        label = label or str(path)
        header, rows = read_table(path, label, required=("code", "name"),
                                  aliases={"colour": "color", "lucode": "code",
                                           "value": "code", "label": "name"})
        ic, iname = header.index("code"), header.index("name")
        icol = header.index("color") if "color" in header else None
        irole = header.index("role") if "role" in header else None
        entries, seen = [], {}
        for r, row in enumerate(rows, start=1):
            row = row + [""] * (len(header) - len(row))
            code = parse_int(row[ic], label, r, "code")
            if code in seen:
                raise LandCarbonError("%s: class code %d appears twice (data rows %d and %d); "
                                      "each code needs exactly one row."
                                      % (label, code, seen[code], r))
            seen[code] = r
            name = row[iname] or "class %d" % code
            color = None
            if icol is not None and row[icol]:
                color = parse_color(row[icol], "%s, data row %d" % (label, r))
            role = None
            if irole is not None:
                role = parse_role(row[irole], "%s, data row %d (class %d)" % (label, r, code))
            entries.append((code, name, color, role))
        table = cls()
        for i, (code, name, color, role) in enumerate(entries):
            color = color or parse_color(DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)], "default")
            table._by_code[code] = ClassInfo(code, name, color, role)
        return table

    @property
    def codes(self):
        return sorted(self._by_code)

    def get(self, code):
        code = int(code)
        if code in self._by_code:
            return self._by_code[code]
        colour = DEFAULT_PALETTE[len(self._by_code) % len(DEFAULT_PALETTE)]
        info = ClassInfo(code, "class %d" % code, parse_color(colour, "default"))
        self._by_code[code] = info
        return info

    def name(self, code):
        return self.get(code).name

    def color(self, code):
        return self.get(code).color

    def known(self, code):
        """The entry of ``code`` if the table has one, else None (unlike
        :meth:`get`, adds no default entry)."""
        return self._by_code.get(int(code))

    def role(self, code):
        """The role of ``code`` from the table's role column, None when unknown."""
        info = self.known(code)
        return info.role if info else None

    @property
    def has_roles(self):
        """True when the table gives a role to at least one class."""
        return any(e.role for e in self._by_code.values())

    def complete(self, codes):
        """Give every code of ``codes`` an entry (defaults in code order), so
        that default colours do not depend on the order of later lookups."""
        for code in sorted(int(c) for c in codes):
            self.get(code)
        return self

    def check_against(self, codes, progress, label="the CLASSES table"):
        """Warn about table codes that no raster holds (typos in the table)."""
        unused = sorted(set(self._by_code) - set(int(c) for c in codes))
        if unused:
            progress.warning("%s names class code(s) %s that no input raster holds; check the "
                             "codes (the outputs simply have no cells of them)."
                             % (label, ", ".join(str(c) for c in unused)))


# ---------------------------------------------------------------------------
# Roles of the classes of a pair of maps
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RoleReading:
    """Where the roles of the maps' classes come from and what they are.

    ``roles``: code -> role over the whole scheme (every class of the
    CLASSES table that has a role, or every code of the recognised CNLUCC
    level), not only the maps' codes; ``source``: 'the CLASSES table',
    'CNLUCC first level' or 'CNLUCC subclasses'; ``unassigned``: codes of the
    maps without a role (only when the roles come from a CLASSES table)."""

    roles: dict
    source: str
    unassigned: tuple = ()

    def codes_with(self, role):
        """Every code of the scheme that has ``role``, sorted."""
        return sorted(c for c, r in self.roles.items() if r == role)

    def by_role(self, codes):
        """'cropland 11, 12; forest 21': the roles of ``codes`` for the log."""
        groups = [(role, [c for c in sorted(codes) if self.roles.get(c) == role])
                  for role in ROLES]
        return "; ".join("%s %s" % (role, codes_text(cs)) for role, cs in groups if cs)


def read_roles(map_codes, classes=None):
    """The roles of the classes ``map_codes`` (docs/demand.md, "Class roles").

    1. A CLASSES table (ClassTable) with a role column gives them (several
       codes may share a role); map codes it gives no role are listed in
       ``unassigned``.
    2. Otherwise, codes that are all CNLUCC first-level classes (1-6) or all
       CNLUCC subclasses (11-67, 99) take the role of their class (first
       digit of a subclass).
    3. Otherwise None: the codes' roles are unknown.
    """
    codes = {int(c) for c in map_codes}
    if classes is not None and classes.has_roles:
        roles = {c: classes.role(c) for c in classes.codes if classes.role(c)}
        return RoleReading(roles, "the CLASSES table",
                           tuple(sorted(c for c in codes if c not in roles)))
    if codes <= set(CNLUCC_CLASSES):
        return RoleReading(dict(CNLUCC_CLASSES), "CNLUCC first level")
    if codes <= set(CNLUCC_SUBCLASSES):
        return RoleReading({c: _subclass_role(c) for c in CNLUCC_SUBCLASSES},
                           "CNLUCC subclasses")
    return None


def not_cnlucc(map_codes):
    """The codes that keep ``map_codes`` from being read as CNLUCC: those
    that are neither first-level classes nor subclasses (or, when all are
    but levels are mixed, the first-level ones)."""
    codes = sorted({int(c) for c in map_codes})
    foreign = [c for c in codes if c not in CNLUCC_CLASSES and c not in CNLUCC_SUBCLASSES]
    return foreign or [c for c in codes if c in CNLUCC_CLASSES]


def name_conflicts(reading, map_codes, classes):
    """Map codes whose name in ``classes`` suggests another role than the
    CNLUCC reading gives them: [(code, name, role read, role named)] (e.g.
    a map whose code 1 is named 'Forest', read as CNLUCC cropland)."""
    if classes is None or reading is None or reading.source == "the CLASSES table":
        return []
    out = []
    for code in sorted({int(c) for c in map_codes}):
        info = classes.known(code)
        named = guess_role(info.name) if info else None
        if named and named != reading.roles.get(code):
            out.append((code, info.name, reading.roles.get(code), named))
    return out


def roles_example(map_codes, classes=None):
    """A ready-to-edit CLASSES table (code,name,color,role) for ``map_codes``:
    names, colours and roles from ``classes`` where it has them, roles
    suggested by the names otherwise, empty where nothing suggests one."""
    classes = classes or ClassTable()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["code", "name", "color", "role"])
    for i, code in enumerate(sorted({int(c) for c in map_codes})):
        info = classes.known(code)
        name = info.name if info else "class %d" % code
        color = to_hex(info.color) if info else DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)]
        writer.writerow([code, name, color, classes.role(code) or guess_role(name) or ""])
    return buffer.getvalue().rstrip("\n")
