"""Class names and colours: the optional CLASSES table (code,name,color) and
the defaults used when a code has no entry. Every categorical output of the
plugin (change maps, simulated maps, accuracy maps) takes its labels and
colours from here."""

from dataclasses import dataclass

from .errors import LandCarbonError
from .tables import parse_int, read_table

# Distinct, print-friendly colours for classes without a colour (Tableau 20).
DEFAULT_PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1",
    "#ff9da7", "#9c755f", "#bab0ac", "#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6",
    "#8cd17d", "#f1ce63", "#d4a6c8", "#fabfd2", "#d7b5a6", "#79706e",
]


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


class ClassTable:
    """Names and colours by class code, with defaults for unknown codes."""

    def __init__(self, entries=()):
        self._by_code = {e.code: e for e in entries}

    @classmethod
    def from_csv(cls, path, label=None):
        """Read 'code,name,color' (header required; colour optional)."""
        label = label or str(path)
        header, rows = read_table(path, label, required=("code", "name"),
                                  aliases={"colour": "color", "lucode": "code",
                                           "value": "code", "label": "name"})
        ic, iname = header.index("code"), header.index("name")
        icol = header.index("color") if "color" in header else None
        entries, seen = [], {}
        for r, row in enumerate(rows, start=1):
            row = row + [""] * (len(header) - len(row))
            code = parse_int(row[ic], label, r, "code")
            if code in seen:
                raise LandCarbonError("%s: class code %d appears twice (data rows %d and %d); "
                                      "each code needs exactly one row." % (label, code, seen[code], r))
            seen[code] = r
            name = row[iname] or "class %d" % code
            color = None
            if icol is not None and row[icol]:
                color = parse_color(row[icol], "%s, data row %d" % (label, r))
            entries.append((code, name, color))
        table = cls()
        for i, (code, name, color) in enumerate(entries):
            color = color or parse_color(DEFAULT_PALETTE[i % len(DEFAULT_PALETTE)], "default")
            table._by_code[code] = ClassInfo(code, name, color)
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
