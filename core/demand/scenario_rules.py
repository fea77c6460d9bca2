"""Scenario tables of the Markov land demand (docs/demand.md).

A scenario is data, not code: a CSV with one row per adjusted conversion::

    from,to,factor,allowed
    cropland,built-up,1.2,1   # every cropland class -> every built-up class: p_ij x 1.2
    2,5,0.5,0                 # class 2 -> class 5: forbidden (the ban wins over x 0.5)

- ``from``, ``to``: a class code of the land-use maps, or a class role
  (cropland, forest, grassland, water, built-up, unused, other; synonyms
  accepted, see core.common.classes). A role stands for every class of the
  maps with that role, so a row "cropland,built-up" sets every (cropland
  code, built-up code) pair. A table may mix codes and roles; for one pair, a
  row naming more codes wins (code -> code over code -> role over role ->
  role). from != to: the diagonal is never set, it takes the residual of its
  row;
- ``factor``: multiplier of the observed transition probability p_ij, i.e.
  1 + a_ij (>= 0; empty = 1);
- ``allowed``: 1 (or yes/true) = the conversion stays allowed in the CARS
  transition matrix, 0 (or no/false) = forbidden: p_ij = 0 whatever the
  factor, and a 0 in the transition matrix (empty = 1).

Pairs without a row keep their observed probability and stay allowed. A table
without data rows (only the header) is natural evolution. Lines starting
with '#' are comments.

The roles of the maps' classes come from the role column of the CLASSES
table or, without one, from the CNLUCC codes (core.common.classes.read_roles).
The four presets (NE, UD, CP, EP, from the Jiangsu PLUS + InVEST study) ship
as role tables in ``resources/scenarios/`` (documented in the README there).
"""

import os
from dataclasses import dataclass, field

import numpy as np

from ..common.classes import (
    CNLUCC_CLASSES,
    CNLUCC_REFERENCE,
    ROLES,
    codes_text,
    is_role,
    name_conflicts,
    not_cnlucc,
    parse_role,
    read_roles,
    roles_example,
)
from ..common.errors import LandCarbonError
from ..common.plugin_files import resource_path
from ..common.progress import Progress
from ..common.tables import parse_float, parse_int, read_table

PRESET_DIR = resource_path("scenarios")
PRESETS = ("NE", "UD", "CP", "EP")
PRESET_NAMES = {
    "NE": "natural evolution",
    "UD": "urban development",
    "CP": "cropland protection",
    "EP": "ecological protection",
}

_TRUE = ("1", "yes", "true", "y")
_FALSE = ("0", "no", "false", "n")


@dataclass(frozen=True)
class ScenarioRule:
    """One adjusted conversion between two class codes; ``row`` is the data
    row of the table it comes from."""

    from_code: int
    to_code: int
    factor: float
    allowed: bool
    row: int


@dataclass(frozen=True)
class TableRule:
    """One data row as written: ``source`` and ``target`` are a class code
    (int) or a role (str, one of core.common.classes.ROLES)."""

    source: object
    target: object
    factor: float
    allowed: bool
    row: int

    @property
    def names_roles(self):
        return isinstance(self.source, str) or isinstance(self.target, str)

    @property
    def specificity(self):
        """How many of its two ends are codes: the more, the more it wins."""
        return int(not isinstance(self.source, str)) + int(not isinstance(self.target, str))

    @property
    def text(self):
        return "%s -> %s" % (self.source, self.target)


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


def _parse_class(text, label, row, column):
    """A from/to cell: a class code (int) or a role (str)."""
    t = (text or "").strip()
    if t and is_role(t):
        return parse_role(t, label)
    try:
        float(t.replace(" ", ""))
    except ValueError:
        if t:
            raise LandCarbonError(
                "%s, data row %d: column '%s' holds '%s', which is neither a class code (a "
                "whole number) nor a class role (%s)." % (label, row, column, t,
                                                          ", ".join(ROLES))) from None
    return parse_int(t, label, row, column)


def _ranges(codes):
    """[41, 42, 43, 46] -> '41-43, 46'."""
    runs = []
    for c in sorted(codes):
        if runs and c == runs[-1][1] + 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return ", ".join("%d" % a if a == b else "%d, %d" % (a, b) if b == a + 1 else "%d-%d" % (a, b)
                     for a, b in runs)


def _role_list(roles, reading):
    """'forest (2), unused (61-67)': roles with the codes they have in the
    scheme of ``reading``."""
    parts = []
    for role in roles:
        codes = reading.codes_with(role)
        parts.append("%s (%s)" % (role, _ranges(codes)) if codes else role)
    return ", ".join(parts)


class ScenarioTable:
    """The rules of one scenario: a list of TableRule, as written."""

    def __init__(self, rules, label, preset=None):
        self.rules = list(rules)
        self.label = label
        self.preset = preset   # "NE", "UD", ... for the shipped presets, else None

    @property
    def name(self):
        if self.preset:
            return "%s (%s)" % (self.preset, PRESET_NAMES[self.preset])
        return self.label

    @property
    def names_roles(self):
        """True if a rule names a role (so the maps' classes need roles)."""
        return any(r.names_roles for r in self.rules)

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
            a = _parse_class(row[ifrom], label, r, "from")
            b = _parse_class(row[ito], label, r, "to")
            factor = parse_float(row[ifac], label, r, "factor", allow_empty=True)
            factor = 1.0 if factor is None else factor
            allowed = _parse_allowed(row[iall], label, r)
            if a == b and isinstance(a, str):
                raise LandCarbonError(
                    "%s, data row %d: from = to = %s. A rule never joins a role to itself; "
                    "for a conversion between two classes of that role, write their codes "
                    "(e.g. 81,82)." % (label, r, a))
            if a == b:
                raise LandCarbonError(
                    "%s, data row %d: from = to = %d. The diagonal (a class staying itself) "
                    "is not set by the scenario: it takes the rest of its row "
                    "(p_ii = 1 - sum of the others). Remove that row." % (label, r, a))
            if factor < 0:
                raise LandCarbonError(
                    "%s, data row %d: factor %g for %s -> %s is negative; a factor multiplies "
                    "a probability and must be >= 0 (1 = unchanged, 1.2 = +20 %%, 0.7 = "
                    "-30 %%)." % (label, r, factor, a, b))
            if (a, b) in seen:
                raise LandCarbonError("%s: the conversion %s -> %s appears twice (data rows "
                                      "%d and %d); keep one row per conversion."
                                      % (label, a, b, seen[(a, b)], r))
            seen[(a, b)] = r
            rules.append(TableRule(a, b, factor, allowed, r))
        return cls(rules, label, preset)

    @classmethod
    def from_preset(cls, name):
        """One of the shipped presets NE, UD, CP, EP (role tables)."""
        key = str(name).strip().upper()
        if key not in PRESETS:
            raise LandCarbonError("Unknown scenario '%s'; the presets are %s, or give your "
                                  "own SCENARIO_TABLE." % (name, ", ".join(PRESETS)))
        path = os.path.join(PRESET_DIR, key + ".csv")
        return cls.from_csv(path, "scenario preset %s (%s)" % (key, path), preset=key)

    def codes(self, classes=None, map_codes=None):
        """The class codes the table is about: its codes as written, and for
        each role the codes that have it in the scheme the maps are read in
        (the roles of ``classes``, else the CNLUCC reading of ``map_codes``,
        else the CNLUCC first level 1-6)."""
        reading = None
        if self.names_roles:
            reading = read_roles(map_codes or (), classes) or read_roles(())
        out = set()
        for rule in self.rules:
            for end in (rule.source, rule.target):
                out.update(reading.codes_with(end) if isinstance(end, str) else [end])
        return sorted(out)

    def rules_for(self, map_codes, progress=None, classes=None):
        """The code-level rules (ScenarioRule list) that apply to maps
        holding ``map_codes``; ``classes``: a ClassTable, whose role column
        gives the roles of the classes (else CNLUCC codes are recognised).

        A table naming roles needs the role of every class of the maps: codes
        of another scheme without a CLASSES role column are refused with a
        ready-to-edit CLASSES example. A user table naming a code that neither
        map holds is refused (a typo, another scheme). Rules about a role that
        no class of the maps has (e.g. no unused land) are skipped with a
        warning; a user table none of whose rules applies is refused.
        """
        progress = progress or Progress()
        map_codes = sorted({int(c) for c in map_codes})
        if not self.rules:
            return []
        reading = self._reading(map_codes, classes, progress) if self.names_roles else None

        def codes_of(end):
            if isinstance(end, str):
                return [c for c in map_codes if reading.roles.get(c) == end]
            return [end] if end in map_codes else []

        missing = sorted({e for r in self.rules for e in (r.source, r.target)
                          if not isinstance(e, str) and e not in map_codes})
        if missing:
            rows = sorted(r.row for r in self.rules if r.source in missing or r.target in missing)
            raise LandCarbonError(
                "%s names class code(s) %s that neither land-use map holds (data row(s) %s); "
                "the maps hold %s. Fix the codes or remove those rows."
                % (self.label, codes_text(missing), codes_text(rows), codes_text(map_codes)))
        pairs = {}
        for rule in self.rules:
            for a in codes_of(rule.source):
                for b in codes_of(rule.target):
                    if a == b:
                        continue
                    old = pairs.get((a, b))
                    if old is not None and old.specificity == rule.specificity:
                        raise LandCarbonError(
                            "%s: data rows %d (%s) and %d (%s) both set the conversion "
                            "%d -> %d. Keep one of them, or write a row %d,%d, which wins "
                            "over both." % (self.label, old.row, old.text, rule.row,
                                            rule.text, a, b, a, b))
                    if old is None or rule.specificity > old.specificity:
                        pairs[(a, b)] = rule
        named = {e for r in self.rules for e in (r.source, r.target) if isinstance(e, str)}
        absent = [role for role in ROLES if role in named and not codes_of(role)]
        if not pairs and not self.preset:
            raise LandCarbonError(self._none_applies(absent, map_codes, reading))
        shown = [role for role in absent if role != "other"]   # 'other' is often absent
        if shown:
            progress.warning("%s: the maps hold no class of the role(s) %s, so its rules about "
                             "them are skipped (roles from %s)."
                             % (self._what(), _role_list(shown, reading), reading.source))
        return [ScenarioRule(a, b, r.factor, r.allowed, r.row)
                for (a, b), r in sorted(pairs.items())]

    # -- helpers of rules_for ------------------------------------------------

    def _what(self):
        return "Scenario %s" % self.name if self.preset else self.label

    def _reading(self, map_codes, classes, progress):
        """The roles of the maps' classes (RoleReading); refuses codes without
        a role with a CLASSES example, logs where the roles come from."""
        reading = read_roles(map_codes, classes)
        roles_text = ", ".join(ROLES)
        if reading is None:
            if self.preset:
                head = ("Scenario %s is defined on class roles. Without a CLASSES table that "
                        "gives roles, it is written for the six-class scheme of CNLUCC (%s) "
                        "or its subclasses 11-67 (read by their first digit)"
                        % (self.name, ", ".join("%d %s" % kv for kv in CNLUCC_CLASSES.items())))
            else:
                rows = sorted(r.row for r in self.rules if r.names_roles)
                head = ("%s names class roles (data row(s) %s). Without a CLASSES table that "
                        "gives roles, roles are known only for the codes of CNLUCC: the "
                        "six-class scheme 1-6 or its subclasses 11-67"
                        % (self.label, codes_text(rows)))
            raise LandCarbonError(
                "%s, but the maps hold class code(s) %s. Give a CLASSES table with a role "
                "column (roles: %s; 'other' for a class that is none of these); for the "
                "classes of your maps, fill in or check the roles of:\n\n%s\n\n%s"
                % (head, codes_text(not_cnlucc(map_codes)), roles_text,
                   roles_example(map_codes, classes), self._custom_hint()))
        if reading.unassigned:
            raise LandCarbonError(
                "%s needs the role of every class of the maps, but the CLASSES table gives "
                "none to class code(s) %s. Add a role to each (%s; 'other' for a class that "
                "is none of these), e.g.:\n\n%s\n\n%s"
                % (self._what(), codes_text(reading.unassigned), roles_text,
                   roles_example(map_codes, classes), self._custom_hint()))
        if reading.source == "the CLASSES table":
            progress.info("Class roles from the CLASSES table: %s. %s applies its rules by "
                          "these roles." % (reading.by_role(map_codes), self._what()))
        else:
            progress.info("Class codes recognised as %s (%s), as no CLASSES table gives "
                          "roles: %s. %s applies its rules by these roles."
                          % (reading.source, CNLUCC_REFERENCE, reading.by_role(map_codes),
                             self._what()))
            conflicts = name_conflicts(reading, map_codes, classes)
            if conflicts:
                progress.warning(
                    "The CLASSES table has no role column, so the class codes are read as "
                    "%s, but its names suggest other roles: %s. If your maps use another "
                    "scheme, add a role column to the CLASSES table (code,name,color,role)."
                    % (reading.source, "; ".join("%d '%s' is read as %s" % (c, n, read)
                                                 for c, n, read, _named in conflicts)))
        return reading

    def _custom_hint(self):
        if self.preset:
            return ("Or write your own scenario table with your codes (copy %s; format in "
                    "resources/scenarios/README.md) and choose SCENARIO = Custom."
                    % os.path.join(PRESET_DIR, self.preset + ".csv"))
        return "Or write the table with your class codes instead of roles."

    def _none_applies(self, absent, map_codes, reading):
        """The message for a user table none of whose rules applies."""
        rows = _ranges(r.row for r in self.rules)
        codes = sorted(set().union(*[reading.codes_with(role) for role in absent]))
        if codes:
            why = ("It names class code(s) %s that neither land-use map holds (the role(s) %s "
                   "of %s; data row(s) %s)" % (codes_text(codes), _role_list(absent, reading),
                                                reading.source, rows))
        elif absent:
            why = ("It names the role(s) %s, which no class of %s has (data row(s) %s)"
                   % (", ".join(absent), reading.source, rows))
        else:
            why = "Its rows only join classes to themselves (data row(s) %s)" % rows
        return ("%s: none of its rules applies to these maps. %s; the maps hold %s (%s). Is it "
                "written for another class scheme? Give the roles of your classes in a CLASSES "
                "table (column role), or fix the table."
                % (self.label, why, codes_text(map_codes), reading.by_role(map_codes)))


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
    """Apply code-level scenario rules (ScenarioRule list, from
    ScenarioTable.rules_for) to P (docs/demand.md)."""
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
