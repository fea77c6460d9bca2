"""core.common.spec over every step: each settings class of the core is a
spec (core/<package>/settings.py), and every step refuses a value out of its
declared range with the parameter's name, before it opens or writes
anything. The bad values are worked out here from each declaration (just
below a minimum, just above a maximum, the bound itself when it is open, an
even size where only odd ones are allowed, a word that is not a choice), so
a parameter added tomorrow is tested the day it is declared."""

import dataclasses

import pytest

from landcarbon.core import carbon, cars, demand, geodetector, hotspots, landuse, leas, study
from landcarbon.core.common import spec
from landcarbon.core.common.errors import LandCarbonError

PACKAGES = (landuse, leas, demand, cars, carbon, hotspots, geodetector, study)


def _exported(kind):
    """{name: object} of every settings class (kind 'class') or tuple of
    Params (kind 'tuple') a core package exports."""
    found = {}
    for package in PACKAGES:
        for name in package.__all__:
            obj = getattr(package, name)
            if kind == "class" and isinstance(obj, type) and dataclasses.is_dataclass(obj) \
                    and spec.params(obj):
                found[obj.__name__] = obj
            if kind == "tuple" and isinstance(obj, tuple) and obj \
                    and all(isinstance(p, spec.Param) for p in obj):
                found[name] = obj
    return found


SETTINGS = _exported("class")
TUPLES = _exported("tuple")


def _step(tmp_path, name):
    """Inputs that do not exist (the check must come first) and outputs in
    tmp_path/out (nothing may be written there)."""
    return str(tmp_path / name), str(tmp_path / "out" / name)


# How each step is called with a settings object, and settings that are
# valid apart from the value under test. A new settings class needs a line
# here (test_every_settings_class_has_a_step says so).
STEPS = {
    "CarsSettings": (lambda s, t: cars.run_cars(
        _step(t, "l.tif")[0], _step(t, "p.tif")[0], _step(t, "d.csv")[0],
        _step(t, "o.tif")[1], settings=s), cars.CarsSettings),
    "LeasSettings": (lambda s, t: leas.run_leas(
        _step(t, "a.tif")[0], _step(t, "b.tif")[0], [_step(t, "d.tif")[0]],
        _step(t, "p.tif")[1], settings=s, output_model=_step(t, "m.leas")[1]),
        leas.LeasSettings),
    "LeasPredictSettings": (lambda s, t: leas.run_leas_predict(
        _step(t, "m.leas")[0], [_step(t, "d.tif")[0]], _step(t, "l.tif")[0],
        _step(t, "p.tif")[1], settings=s), leas.LeasPredictSettings),
    "DriverSettings": (lambda s, t: leas.run_prepare_drivers(
        _step(t, "l.tif")[0], _step(t, "s.tif")[1], settings=s), leas.DriverSettings),
    "MarkovSettings": (lambda s, t: demand.run_markov_demand(
        _step(t, "a.tif")[0], _step(t, "b.tif")[0], 2010, 2020, [2030], settings=s,
        output_demand=_step(t, "d.csv")[1]), demand.MarkovSettings),
    "GeodetectorSettings": (lambda s, t: geodetector.run_geodetector(
        _step(t, "y.tif")[0], [_step(t, "x.tif")[0]], settings=s,
        output_factors=_step(t, "f.csv")[1]), geodetector.GeodetectorSettings),
    "OptimizeSettings": (lambda s, t: study.run_optimize_demand(
        _step(t, "a.tif")[0], _step(t, "b.tif")[0], 2010, 2020, [2030],
        _step(t, "pools.csv")[0], _step(t, "c.csv")[0], settings=s,
        output_demand=_step(t, "d.csv")[1]), demand.OptimizeSettings),
    "AccuracySettings": (lambda s, t: landuse.run_accuracy(
        _step(t, "a.tif")[0], _step(t, "b.tif")[0], _step(t, "c.tif")[0], settings=s,
        output_report=_step(t, "r.csv")[1], output_map=_step(t, "m.tif")[1]),
        landuse.AccuracySettings),
    "ClimateSettings": (lambda s, t: carbon.run_climate_correction(
        _step(t, "pools.csv")[0], settings=s, output_folder=str(t / "out")),
        lambda: carbon.ClimateSettings(p_ref=600.0, t_ref=9.0, p=650.0, t=10.0)),
    "Coefficients": (lambda s, t: carbon.run_climate_correction(
        _step(t, "pools.csv")[0], 600, 9, p=650, t=10, coefficients=s,
        output_folder=str(t / "out")), carbon.Coefficients),
    "Valuation": (lambda s, t: carbon.run_carbon_value(
        _step(t, "c.tif")[0], 2000, 2020, valuation=s, output_value=_step(t, "v.tif")[1],
        output_summary=_step(t, "v.csv")[1]), carbon.Valuation),
    "LisaSettings": (lambda s, t: hotspots.run_lisa(
        raster=_step(t, "c.tif")[0], settings=s, output_clusters=_step(t, "l.tif")[1],
        output_global=_step(t, "g.csv")[1]), hotspots.LisaSettings),
    "StudySettings": (lambda s, t: study.run_study(s),
                      lambda: study.StudySettings(output_folder=None)),
}


def _outside(p):
    """Values just outside the declared range of ``p``: [(which bound,
    value)]."""
    whole = p.kind in ("int", "ints")
    out = []
    if p.kind in ("choice", "choices"):
        value = "not-a-choice"
        return [("choices", [value] if p.kind == "choices" else value)]
    if p.minimum is not None:
        step = 1 if whole else 1e-9 * max(1.0, abs(p.minimum))
        out.append(("minimum", p.minimum if p.open_minimum else p.minimum - step))
    if p.maximum is not None:
        step = 1 if whole else 1e-9 * max(1.0, abs(p.maximum))
        out.append(("maximum", p.maximum if p.open_maximum else p.maximum + step))
    if p.odd:
        out.append(("odd", p.minimum + 1))
    if whole:
        out.append(("whole", (p.minimum if p.minimum is not None else 0) + 1.5))
    out = [(which, int(v) if whole and which != "whole" else v) for which, v in out]
    return [(which, [v] if p.kind in ("ints", "floats") else v) for which, v in out]


CASES = [(cls_name, path, p, which, value)
         for cls_name, cls in sorted(SETTINGS.items())
         for path, p in spec.all_params(cls)
         if p.minimum is not None or p.maximum is not None or p.odd or p.choices
         for which, value in _outside(p)]


def _ids(case):
    return "%s-%s-%s" % (case[0], case[2].name, case[3])


def _with(settings, path, value):
    """``settings`` with the attribute at ``path`` (e.g. ('cars',
    'neighborhood')) set to ``value``."""
    owner = settings
    for attr in path[:-1]:
        owner = getattr(owner, attr)
    if dataclasses.is_dataclass(owner) and owner.__dataclass_params__.frozen:
        object.__setattr__(owner, path[-1], value)
    else:
        setattr(owner, path[-1], value)
    return settings


def test_the_settings_classes_are_found():
    """The scan sees the steps' settings (a package that stops exporting
    them would silently shrink the test)."""
    assert {"CarsSettings", "LeasSettings", "LeasPredictSettings", "DriverSettings",
            "MarkovSettings", "AccuracySettings", "ClimateSettings", "Coefficients",
            "Valuation", "LisaSettings", "StudySettings"} <= set(SETTINGS)
    assert len(CASES) >= 60


def test_every_settings_class_has_a_step():
    assert sorted(set(SETTINGS) - set(STEPS)) == []


@pytest.mark.parametrize("cls_name", sorted(STEPS))
def test_the_base_settings_are_valid(cls_name):
    """So that a refusal below is the value under test, not another one."""
    spec.check(STEPS[cls_name][1]())


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_the_spec_refuses_a_value_just_outside(case):
    cls_name, path, p, which, value = case
    settings = _with(STEPS[cls_name][1](), path, value)
    with pytest.raises(LandCarbonError) as err:
        spec.check(settings)
    message = str(err.value)
    assert message.startswith("%s is " % p.name), message
    assert p.range_text() in message, message


@pytest.mark.parametrize("case", CASES, ids=[_ids(c) for c in CASES])
def test_the_step_refuses_it_before_any_work(tmp_path, case):
    """The step's entry point (run_*) checks its settings first: the inputs
    do not even exist, and nothing is written."""
    cls_name, path, p, which, value = case
    run, valid = STEPS[cls_name]
    settings = _with(valid(), path, value)
    if cls_name == "StudySettings":
        settings.output_folder = str(tmp_path / "out")
    with pytest.raises(LandCarbonError) as err:
        run(settings, tmp_path)
    assert p.name in str(err.value), str(err.value)
    out = tmp_path / "out"
    assert not out.exists() or list(out.iterdir()) == []


@pytest.mark.parametrize("cls_name", sorted(STEPS))
def test_a_bound_itself_is_allowed_when_closed(cls_name):
    """The other side of every bound: the closed bound is a valid value."""
    for path, p in spec.all_params(SETTINGS[cls_name]):
        for bound, is_open in ((p.minimum, p.open_minimum), (p.maximum, p.open_maximum)):
            if bound is None or is_open or p.odd:
                continue
            value = int(bound) if p.kind in ("int", "ints") else bound
            value = [value] if p.kind in ("ints", "floats") else value
            spec.check(_with(STEPS[cls_name][1](), path, value))


def test_numeric_ranges_live_in_settings_classes():
    """A number of a tuple of inputs (a year) has no range: every range is
    in a settings class, which the steps check."""
    assert TUPLES
    for name, params in TUPLES.items():
        for p in params:
            assert p.minimum is None and p.maximum is None and not p.odd, (name, p.name)
