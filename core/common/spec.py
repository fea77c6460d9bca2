"""Parameter specs: every parameter of a step declared once, in the spirit
of InVEST's MODEL_SPEC (natcap/invest, ``spec.ModelSpec``).

A step's settings are a dataclass whose fields are declared with
:func:`param`: the Processing name, the kind, the default, the range or
choices, the unit, the label and help text the QGIS tool shows, and whether
it is an advanced option. Everything else is a loop over that declaration:

- the core's validation (:func:`check`: every out-of-range value is refused
  with the parameter's name and the allowed range, before any work);
- parameters.json (:func:`to_record`, :func:`from_record`);
- the report's parameter rows (:func:`rows`) and the qgis_process command
  that repeats a run (:func:`command_args`);
- the QGIS parameters of each algorithm and the values read back from them
  (algorithms/base.py ``add_spec`` / ``read_spec``), and the command line's
  ``--set NAME=VALUE`` (cli.py).

The core's dataclass defaults are the only defaults. Inputs and outputs that
are files (rasters, tables, folders) are declared the same way, as tuples of
:class:`Param` (the step's inputs and outputs, like InVEST's ``inputs`` and
``outputs``), so an algorithm's ``initAlgorithm`` is one loop.

Labels and help texts are English; the QGIS adapter translates them at
display time (scripts/update_translations.py extracts them from the specs).
"""

import dataclasses
import math
from dataclasses import dataclass

from .errors import LandCarbonError

# value kinds: checked here, shown as a number / check box / drop-down / text
NUMBER_KINDS = ("int", "float")
VALUE_KINDS = NUMBER_KINDS + ("bool", "choice", "choices", "text", "ints", "floats")
# path kinds: inputs and outputs (checked when the step opens them)
INPUT_KINDS = ("raster", "rasters", "file", "files", "vector", "vectors")
OUTPUT_KINDS = ("raster_out", "file_out", "folder_out", "vector_out")
KINDS = VALUE_KINDS + INPUT_KINDS + OUTPUT_KINDS


@dataclass(frozen=True)
class Param:
    """One parameter: ``name`` as in the Processing algorithm and messages
    (PATCH_THRESHOLD), ``kind`` (see KINDS), ``default``, the allowed range
    [``minimum``, ``maximum``] (``open_minimum`` / ``open_maximum``: the bound
    itself excluded),
    ``choices`` (the values a choice may take) with ``choice_labels`` (how
    the tool shows them), ``unit``, ``label`` and ``help`` (English),
    ``hint`` (what the value means, said when it is refused), ``advanced``,
    ``optional`` (None / empty allowed), ``odd`` (odd whole numbers only),
    ``extension`` / ``file_filter`` of files, ``create`` (an output made
    unless the user skips it), ``auto`` (0 means "chosen automatically",
    recorded as "auto"), ``key`` (its name in parameters.json,
    default the attribute) and ``attr`` (the settings attribute; set by
    :func:`params`)."""

    name: str
    kind: str
    default: object = None
    label: str = ""
    help: str = ""
    minimum: float = None
    maximum: float = None
    open_minimum: bool = False
    open_maximum: bool = False
    choices: tuple = ()
    choice_labels: tuple = ()
    unit: str = ""
    hint: str = ""
    advanced: bool = False
    optional: bool = False
    odd: bool = False
    extension: str = ""
    file_filter: str = ""
    create: bool = True
    auto: bool = False
    key: str = None
    attr: str = None

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError("unknown parameter kind %r of %s" % (self.kind, self.name))

    @property
    def json_key(self):
        return self.key or self.attr

    @property
    def is_value(self):
        return self.kind in VALUE_KINDS

    def range_text(self):
        """The allowed values in words: 'between 0 and 1', 'a whole number >=
        1', 'an odd whole number from 3 to 31', 'one of mean, sum'."""
        if self.kind in ("choice", "choices"):
            return "one of %s" % ", ".join(map(str, self.choices))
        low, high = self.minimum, self.maximum
        whole = self.kind in ("int", "ints")
        noun = ("an odd whole number" if self.odd else "a whole number") if whole else ""
        if low is not None and high is not None:
            if whole:
                return "%s from %s to %s" % (noun, _num(low), _num(high))
            if not (self.open_minimum or self.open_maximum):
                return "between %s and %s" % (_num(low), _num(high))
            lower = ("above %s" if self.open_minimum else "at least %s") % _num(low)
            upper = ("below %s" if self.open_maximum else "at most %s") % _num(high)
            return "%s and %s" % (lower, upper)
        if low is not None:
            text = "%s %s" % (">" if self.open_minimum else ">=", _num(low))
        elif high is not None:
            text = "%s %s" % ("<" if self.open_maximum else "<=", _num(high))
        else:
            return noun or "a number"
        return ("%s %s" % (noun, text)) if noun else text


def _num(value):
    return "%g" % value


def param(name, kind, default=None, **options):
    """A dataclass field declared with its :class:`Param` (the field's
    default is the parameter's default; lists are copied per instance)."""
    spec = Param(name, kind, default, **options)
    if isinstance(default, (list, dict)):
        return dataclasses.field(default_factory=lambda: type(default)(default),
                                 metadata={"param": spec})
    return dataclasses.field(default=default, metadata={"param": spec})


def nested(settings_class, key, skip=()):
    """A dataclass field holding another step's settings (the study's
    ``cars``), recorded under ``key`` in parameters.json; ``skip``: its
    attributes the owner sets itself (not parameters of the owner)."""
    return dataclasses.field(default_factory=settings_class,
                             metadata={"nested": settings_class, "key": key,
                                       "skip": tuple(skip)})


def same_as(settings_class, attr, **changes):
    """A field declared by the same :class:`Param` as ``settings_class.attr``
    (one declaration for both), optionally with other ``changes`` (e.g. a
    parameters.json key)."""
    original = param_of(settings_class, attr)
    spec = dataclasses.replace(original, attr=None, **changes)
    return param(spec.name, spec.kind, spec.default, **{
        f.name: getattr(spec, f.name) for f in dataclasses.fields(Param)
        if f.name not in ("name", "kind", "default")})


def params(settings):
    """The :class:`Param` of every declared field of a settings dataclass (or
    instance), in declaration order, with ``attr`` set; or the Params of a
    tuple of Params (inputs / outputs) as they are."""
    if isinstance(settings, (tuple, list)):
        return list(settings)
    out = []
    for f in dataclasses.fields(settings):
        spec = f.metadata.get("param")
        if spec is not None:
            out.append(dataclasses.replace(spec, attr=f.name))
    return out


def param_of(settings, attr):
    """The Param of one attribute."""
    for p in params(settings):
        if p.attr == attr:
            return p
    raise KeyError(attr)


def nested_fields(settings, with_skip=False):
    """(attribute, settings class, parameters.json key[, skipped attributes])
    of every nested field."""
    return [(f.name, f.metadata["nested"], f.metadata["key"])
            + ((f.metadata["skip"],) if with_skip else ())
            for f in dataclasses.fields(settings) if "nested" in f.metadata]


# ---------------------------------------------------------------------------
# Validation
# ---------------------------------------------------------------------------

def problem(p, value):
    """Why ``value`` is not allowed for ``p`` (a sentence), or None."""
    if value is None or (p.kind in ("text", "choices", "ints", "floats") and not value):
        return None if p.optional or p.kind in ("choices", "ints", "floats", "text") \
            or p.kind == "bool" else "%s is missing; give %s." % (p.name, p.range_text())
    if p.kind == "bool":
        return None if isinstance(value, bool) or value in (0, 1) else \
            "%s is %r; give true or false." % (p.name, value)
    if p.kind in ("choice", "choices"):
        values = value if p.kind == "choices" else [value]
        bad = [v for v in values if v not in p.choices]
        return None if not bad else "%s is %s; it must be %s." % (
            p.name, ", ".join(map(str, bad)), p.range_text())
    if p.kind in ("ints", "floats"):
        for v in value:
            text = _number_problem(p, v, p.kind == "ints")
            if text:
                return text
        return None
    if p.kind in NUMBER_KINDS:
        return _number_problem(p, value, p.kind == "int")
    return None


def _number_problem(p, value, whole):
    def refuse():
        shown = "%g" % value if isinstance(value, float) else value
        return "%s is %s; it must be %s.%s" % (p.name, shown, p.range_text(),
                                                (" " + p.hint) if p.hint else "")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            value = float(value)
        except (TypeError, ValueError):
            return refuse()
    if not math.isfinite(value) or (whole and value != int(value)):
        return refuse()
    if p.minimum is not None and (value < p.minimum or (p.open_minimum and
                                                        value <= p.minimum)):
        return refuse()
    if p.maximum is not None and (value > p.maximum or (p.open_maximum and
                                                        value >= p.maximum)):
        return refuse()
    if p.odd and int(value) % 2 != 1:
        return refuse()
    return None


def problems(settings):
    """Every value of ``settings`` (a spec'd dataclass instance, nested
    settings included) that its spec does not allow, as sentences."""
    out = []
    for p in params(settings):
        if p.is_value:
            text = problem(p, getattr(settings, p.attr))
            if text:
                out.append(text)
    for attr, _cls, _key in nested_fields(settings):
        out += problems(getattr(settings, attr))
    return out


def checked(settings_class, settings=None, **values):
    """The settings a step runs with, checked (:func:`check`): ``settings``
    (default: the declared defaults of ``settings_class``) with the
    ``values`` its caller gave as keyword arguments of the step (None: not
    given), e.g. ``checked(AccuracySettings, settings, seed=seed)``."""
    settings = settings if settings is not None else settings_class()
    changes = {k: v for k, v in values.items() if v is not None}
    return check(dataclasses.replace(settings, **changes) if changes else settings)


def check(settings, where=""):
    """Refuse ``settings`` when any value is out of its range: one
    LandCarbonError naming every such parameter and its allowed values
    (``where``: e.g. the parameters.json it came from)."""
    found = problems(settings)
    if found:
        head = ("%s: " % where) if where else ""
        if len(found) == 1:
            raise LandCarbonError(head + found[0])
        raise LandCarbonError("%s%d parameters are out of range: %s" % (
            head, len(found), " ".join(found)))
    return settings


# ---------------------------------------------------------------------------
# parameters.json
# ---------------------------------------------------------------------------

def to_record(settings, skip=()):
    """{parameters.json key: value} of the declared fields (nested settings
    as objects), in declaration order."""
    record = {}
    for p in params(settings):
        if p.attr in skip or not (p.is_value or p.kind in INPUT_KINDS):
            continue
        value = getattr(settings, p.attr)
        if p.auto and not value:
            value = "auto"
        record[p.json_key] = list(value) if isinstance(value, tuple) else value
    for attr, _cls, key, inner in nested_fields(settings, with_skip=True):
        record[key] = to_record(getattr(settings, attr), inner)
    return record


def from_record(settings_class, record, where, skip=(), **extra):
    """The settings a record (parameters.json) holds: unknown keys are
    refused by name; a value of the wrong type or out of range with the
    parameter's name and allowed values (:func:`check`); keys not in the
    record keep their defaults. ``extra``: fields given by the caller."""
    by_key = {p.json_key: p for p in params(settings_class) if p.attr not in skip}
    nests = {key: (attr, cls, inner)
             for attr, cls, key, inner in nested_fields(settings_class, with_skip=True)}
    if not isinstance(record, dict):
        raise LandCarbonError("%s must hold an object of settings {\"name\": value, ...}."
                              % where)
    unknown = sorted(set(record) - set(by_key) - set(nests))
    if unknown:
        raise LandCarbonError("%s has unknown key(s) %s; it may hold %s." % (
            where, ", ".join(unknown), ", ".join(list(by_key) + list(nests))))
    values = dict(extra)
    for key, value in record.items():
        if key in nests:
            attr, cls, inner = nests[key]
            values[attr] = from_record(cls, value, "%s, %s" % (where, key), inner)
            continue
        p = by_key[key]
        values[p.attr] = _coerce(p, value, where)
    settings = settings_class(**values)
    return check(settings, where)


def _coerce(p, value, where):
    """A JSON value as the parameter's type; a wrong type is refused by name."""
    def refuse():
        raise LandCarbonError("%s: %s (key %r) is %r; it must be %s.%s" % (
            where, p.name, p.json_key, value, p.range_text() if p.kind != "bool"
            else "true or false", (" " + p.hint) if p.hint else ""))
    if value is None:
        return None
    if p.kind == "bool":
        if not isinstance(value, bool):
            refuse()
        return value
    if p.kind in NUMBER_KINDS:
        if p.auto and value == "auto":
            return 0
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            refuse()
        if p.kind == "int":
            if value != int(value):
                refuse()
            return int(value)
        return float(value)
    if p.kind in ("ints", "floats", "choices", "rasters", "files"):
        if not isinstance(value, list):
            refuse()
        if p.kind in ("ints", "floats") and any(
                isinstance(v, bool) or not isinstance(v, (int, float)) for v in value):
            refuse()
        return [int(v) if p.kind == "ints" else v for v in value]
    if p.kind in ("choice", "text", "raster", "file", "vector") and not isinstance(value, str):
        refuse()
    return value


# ---------------------------------------------------------------------------
# How a run is shown and repeated
# ---------------------------------------------------------------------------

def display(p, value):
    """A value as the report shows it."""
    if value is None or value == [] or value == "":
        return "-"
    if p.auto and not value:
        return "auto"
    if p.kind == "bool":
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(display(dataclasses.replace(p, kind="text"), v) for v in value)
    if isinstance(value, float):
        return "%g" % value
    return str(value)


def rows(settings, translate=None, prefix="", skip=()):
    """(label, value) of every declared value of ``settings`` for the
    report (labels translated by ``translate``), nested settings after their
    parent, each label prefixed with the nested key (e.g. 'CARS: ...')."""
    t = translate or (lambda text: text)
    out = [(prefix + t(p.label), display(p, getattr(settings, p.attr)))
           for p in params(settings) if p.is_value and p.attr not in skip]
    for attr, _cls, key, inner in nested_fields(settings, with_skip=True):
        out += rows(getattr(settings, attr), translate, "%s: " % key.upper(), inner)
    return out


def command_value(p, value):
    """A value as a qgis_process argument (NAME=value)."""
    if p.kind == "bool":
        return "true" if value else "false"
    if p.kind == "choice":
        return str(p.choices.index(value))
    if p.kind == "choices":
        return ",".join(str(p.choices.index(v)) for v in value)
    if p.kind in ("ints", "floats"):
        return ",".join("%g" % v for v in value)
    if isinstance(value, float):
        return "%g" % value
    return str(value)


def command_args(settings, skip=()):
    """NAME=value of every declared value (nested settings included) that is
    set, for the qgis_process command that repeats a run."""
    out = []
    for p in params(settings):
        value = getattr(settings, p.attr)
        if not p.is_value or p.attr in skip or value is None or value in ([], ""):
            continue
        out.append("%s=%s" % (p.name, command_value(p, value)))
    for attr, _cls, _key, inner in nested_fields(settings, with_skip=True):
        out += command_args(getattr(settings, attr), inner)
    return out


def parse_text(p, text):
    """A value typed as text (the command line's --set NAME=VALUE) as the
    parameter's type; refused by name when it is not one."""
    text = text.strip()
    try:
        if p.kind == "bool":
            if text.lower() not in ("true", "false", "yes", "no", "1", "0"):
                raise ValueError
            return text.lower() in ("true", "yes", "1")
        if p.kind == "int":
            return int(text)
        if p.kind == "float":
            return float(text)
        if p.kind == "ints":
            return [int(v) for v in text.split(",") if v.strip()]
        if p.kind == "floats":
            return [float(v) for v in text.split(",") if v.strip()]
        if p.kind == "choices":
            return [v.strip() for v in text.split(",") if v.strip()]
    except ValueError:
        raise LandCarbonError("%s=%s: give %s." % (
            p.name, text, "true or false" if p.kind == "bool" else p.range_text())) from None
    return text


def all_params(settings, skip=()):
    """Every value Param of ``settings`` with its owner: [(path of
    attributes, Param)], nested settings included (path ('cars',
    'neighborhood'))."""
    out = [((p.attr,), p) for p in params(settings) if p.is_value and p.attr not in skip]
    for attr, cls, _key, inner in nested_fields(settings, with_skip=True):
        out += [((attr,) + path, p) for path, p in all_params(cls, inner)]
    return out


def texts(*specs):
    """Every label, help text and choice label of the given specs (for the
    translation files)."""
    out = []
    for spec in specs:
        for p in params(spec):
            out += [p.label, p.help] + list(p.choice_labels)
        if not isinstance(spec, (tuple, list)):
            for _attr, cls, _key in nested_fields(spec):
                out += texts(cls)
    return [t for t in out if t]
