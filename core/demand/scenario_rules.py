"""Scenario tables of the Markov land demand (docs/demand.md).

A scenario is data, not code: a CSV with one row per adjusted conversion::

    from,to,factor,allowed
    1,5,1.2,1        # cropland -> built-up: transition probability x 1.2
    2,5,0.5,0        # forest -> built-up: forbidden (the ban wins over x 0.5)

- ``from``, ``to``: class codes of the land-use maps (from != to: the
  diagonal is never set, it takes the residual of its row);
- ``factor``: multiplier of the observed transition probability p_ij, i.e.
  1 + a_ij (>= 0; empty = 1);
- ``allowed``: 1 (or yes/true) = the conversion stays allowed in the CARS
  transition matrix, 0 (or no/false) = forbidden: p_ij = 0 whatever the
  factor, and a 0 in the transition matrix (empty = 1).

Pairs without a row keep their observed probability and stay allowed. A table
without data rows (only the header) is natural evolution. Lines starting
with '#' are comments.

The four presets of the six-class CAS/RESDC scheme (1 cropland, 2 forest,
3 grassland, 4 water, 5 built-up, 6 unused land) ship as such tables in
``resources/scenarios/`` (NE, UD, CP, EP; documented in the README there).
"""

import os
from dataclasses import dataclass, field

import numpy as np

from ..common.errors import LandCarbonError
from ..common.plugin_files import resource_path
from ..common.tables import parse_float, parse_int, read_table

PRESET_DIR = resource_path("scenarios")
PRESETS = ("NE", "UD", "CP", "EP")
PRESET_NAMES = {
    "NE": "natural evolution",
    "UD": "urban development",
    "CP": "cropland protection",
    "EP": "ecological protection",
}
# The class scheme the presets are written for.
SIX_CLASSES = {1: "cropland", 2: "forest", 3: "grassland", 4: "water", 5: "built-up",
               6: "unused land"}

_TRUE = ("1", "yes", "true", "y")
_FALSE = ("0", "no", "false", "n")


@dataclass(frozen=True)
class ScenarioRule:
    """One adjusted conversion; ``row`` is the data row number in the file."""

    from_code: int
    to_code: int
    factor: float
    allowed: bool
    row: int


def _parse_allowed(text, label, row):
    t = (text or "").strip().lower()
    if t == "":
        return True
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    try:
        value = float(t)
    except ValueError:
        value = None
    if value == 1.0:
        return True
    if value == 0.0:
        return False
    raise LandCarbonError("%s, data row %d: allowed = '%s'; write 1 (allowed) or 0 "
                          "(forbidden)." % (label, row, text))


class ScenarioTable:
    """The rules of one scenario (a list of ScenarioRule)."""

    def __init__(self, rules, label, preset=None):
        self.rules = list(rules)
        self.label = label
        self.preset = preset   # "NE", "UD", ... for the shipped presets, else None

    @property
    def name(self):
        if self.preset:
            return "%s (%s)" % (self.preset, PRESET_NAMES[self.preset])
        return self.label

    @classmethod
    def from_csv(cls, path, label="SCENARIO_TABLE", preset=None):
        """Read and check a scenario CSV (see the module docstring)."""
        header, rows = read_table(path, label, required=("from", "to", "factor", "allowed"),
                                  aliases={"from_code": "from", "to_code": "to",
                                           "multiplier": "factor"})
        ifrom, ito = header.index("from"), header.index("to")
        ifac, iall = header.index("factor"), header.index("allowed")
        rules, seen = [], {}
        for r, row in enumerate(rows, start=1):
            row = row + [""] * (len(header) - len(row))
            a = parse_int(row[ifrom], label, r, "from")
            b = parse_int(row[ito], label, r, "to")
            factor = parse_float(row[ifac], label, r, "factor", allow_empty=True)
            factor = 1.0 if factor is None else factor
            allowed = _parse_allowed(row[iall], label, r)
            if a == b:
                raise LandCarbonError(
                    "%s, data row %d: from = to = %d. The diagonal (a class staying itself) "
                    "is not set by the scenario: it takes the rest of its row "
                    "(p_ii = 1 - sum of the others). Remove that row." % (label, r, a))
            if factor < 0:
                raise LandCarbonError(
                    "%s, data row %d: factor %g for %d -> %d is negative; a factor multiplies "
                    "a probability and must be >= 0 (1 = unchanged, 1.2 = +20 %%, 0.7 = "
                    "-30 %%)." % (label, r, factor, a, b))
            if (a, b) in seen:
                raise LandCarbonError("%s: the conversion %d -> %d appears twice (data rows "
                                      "%d and %d); keep one row per conversion."
                                      % (label, a, b, seen[(a, b)], r))
            seen[(a, b)] = r
            rules.append(ScenarioRule(a, b, factor, allowed, r))
        return cls(rules, label, preset)

    @classmethod
    def from_preset(cls, name):
        """One of the shipped presets NE, UD, CP, EP (six-class scheme)."""
        key = str(name).strip().upper()
        if key not in PRESETS:
            raise LandCarbonError("Unknown scenario '%s'; the presets are %s, or give your "
                                  "own SCENARIO_TABLE." % (name, ", ".join(PRESETS)))
        path = os.path.join(PRESET_DIR, key + ".csv")
        return cls.from_csv(path, "scenario preset %s (%s)" % (key, path), preset=key)

    def codes(self):
        return sorted({r.from_code for r in self.rules} | {r.to_code for r in self.rules})

    def rules_for(self, map_codes, progress=None):
        """The rules that apply to maps holding ``map_codes``.

        A user table naming a code that neither map holds is an error that
        names the codes and rows (a typo or another class scheme). A preset
        is written for the six-class scheme: maps with other codes are refused;
        preset rows about one of the six classes that the maps do not hold
        (e.g. no unused land in the area) are skipped with a warning.
        """
        map_codes = set(int(c) for c in map_codes)
        missing = [c for c in self.codes() if c not in map_codes]
        if self.preset and self.rules:
            foreign = sorted(map_codes - set(SIX_CLASSES))
            if foreign:
                raise LandCarbonError(
                    "Scenario %s is written for the six-class scheme (%s), but the maps "
                    "hold class code(s) %s. Write your own scenario table for your classes "
                    "(copy %s and edit it; format in resources/scenarios/README.md) and "
                    "choose SCENARIO = Custom."
                    % (self.name, ", ".join("%d %s" % kv for kv in SIX_CLASSES.items()),
                       ", ".join(map(str, foreign)),
                       os.path.join(PRESET_DIR, self.preset + ".csv")))
            if missing:
                if progress is not None:
                    progress.warning(
                        "Scenario %s: the maps hold no cell of class(es) %s, so its rules "
                        "about them are skipped." % (self.name, ", ".join(
                            "%d (%s)" % (c, SIX_CLASSES[c]) for c in missing)))
                return [r for r in self.rules
                        if r.from_code in map_codes and r.to_code in map_codes]
            return list(self.rules)
        if missing:
            rows = sorted(r.row for r in self.rules
                          if r.from_code in missing or r.to_code in missing)
            raise LandCarbonError(
                "%s names class code(s) %s that neither land-use map holds (data row(s) %s); "
                "the maps hold %s. Fix the codes or remove those rows."
                % (self.label, ", ".join(map(str, missing)), ", ".join(map(str, rows)),
                   ", ".join(map(str, sorted(map_codes)))))
        return list(self.rules)


@dataclass
class Adjustment:
    """Scenario-adjusted P, the CARS transition matrix (True = allowed), the
    factor applied to each pair (1 = none) and the rows rescaled because
    their diagonal residual went negative."""

    probabilities: np.ndarray
    allowed: np.ndarray
    factors: np.ndarray
    rescaled_rows: list = field(default_factory=list)


def adjust_probabilities(p, codes, rules):
    """Apply scenario rules (ScenarioRule list) to P (docs/demand.md)."""
    k = len(codes)
    pos = {c: i for i, c in enumerate(codes)}
    adjusted = np.array(p, dtype=np.float64)
    factors = np.ones((k, k))
    allowed = np.ones((k, k), dtype=bool)
    for rule in rules:
        i, j = pos[rule.from_code], pos[rule.to_code]
        factors[i, j] = rule.factor
        allowed[i, j] = rule.allowed
    off = ~np.eye(k, dtype=bool)
    adjusted[off] *= factors[off]
    adjusted[~allowed] = 0.0          # the ban wins over any factor
    rescaled = []
    for i in range(k):
        others = adjusted[i].sum() - adjusted[i, i]
        residual = 1.0 - others
        if residual < 0.0:
            row = adjusted[i].copy()
            row[i] = 0.0
            adjusted[i] = row / others
            rescaled.append(i)
        else:
            adjusted[i, i] = residual
    return Adjustment(adjusted, allowed, factors, rescaled)


def resolve_scenario(scenario, scenario_table):
    """The scenario of the algorithm's parameters: a preset name (NE, UD,
    CP, EP) or 'Custom' with a table path. Returns a ScenarioTable."""
    key = str(scenario or "NE").strip()
    if key.lower() == "custom":
        if not scenario_table:
            raise LandCarbonError("SCENARIO is Custom but no SCENARIO_TABLE is given; give a "
                                  "CSV from,to,factor,allowed (see resources/scenarios/).")
        return ScenarioTable.from_csv(scenario_table, "SCENARIO_TABLE (%s)" % scenario_table)
    if key.upper() not in PRESETS:
        raise LandCarbonError("Unknown SCENARIO '%s'; choose NE, UD, CP, EP or Custom." % key)
    if scenario_table:
        raise LandCarbonError(
            "SCENARIO is the preset %s, but a SCENARIO_TABLE (%s) is given too. Choose "
            "SCENARIO = Custom to use your table, or clear SCENARIO_TABLE to use the preset."
            % (key.upper(), scenario_table))
    return ScenarioTable.from_preset(key)
