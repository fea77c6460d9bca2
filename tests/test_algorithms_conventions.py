"""Conventions every algorithm of the provider follows (issue 3 'Help', QGIS.md
'Conventions users expect')."""

import re

from landcarbon.algorithms.base import GROUPS


def test_every_algorithm_has_help_groups_and_lowercase_ids(landcarbon_provider):
    algorithms = landcarbon_provider.algorithms()
    assert algorithms
    for alg in algorithms:
        assert re.fullmatch(r"[a-z0-9]+", alg.name()), alg.name()
        assert alg.groupId() in GROUPS, alg.name()
        assert alg.displayName() and alg.displayName() != alg.name()
        text = alg.shortHelpString()
        assert len(text) > 200, alg.name()
        assert "When it fails" in text, alg.name()
        for definition in alg.parameterDefinitions():
            assert definition.help(), "%s: parameter %s has no help" % (alg.name(),
                                                                          definition.name())
            assert definition.name() == definition.name().upper(), definition.name()


# the main output of each algorithm: every other output is optional, so a
# headless run that names only the main one works (issue 15)
MAIN_OUTPUT = {"landusechange": "OUTPUT_AREAS", "preparedrivers": "OUTPUT",
               "leas": "OUTPUT_PROBABILITY", "leaspredict": "OUTPUT_PROBABILITY",
               "markovdemand": "OUTPUT_DEMAND", "optimizedemand": "OUTPUT_DEMAND",
               "cars": "OUTPUT", "calibrate": "OUTPUT_FOLDER",
               "accuracy": "OUTPUT_REPORT",
               "carbonstock": "OUTPUT_STOCK", "climatecorrection": None,
               "carbonvalue": None, "lisa": None, "geodetector": "OUTPUT_FACTORS",
               "scenarios": "OUTPUT_FOLDER"}


def test_every_secondary_output_is_optional(landcarbon_provider):
    from qgis.core import QgsProcessingParameterDefinition
    for alg in landcarbon_provider.algorithms():
        if alg.groupId() == "examples":
            continue
        assert alg.name() in MAIN_OUTPUT, alg.name()
        for definition in alg.destinationParameterDefinitions():
            optional = bool(definition.flags() & QgsProcessingParameterDefinition.FlagOptional)
            if definition.name() == MAIN_OUTPUT[alg.name()]:
                assert not optional, (alg.name(), definition.name())
            else:
                assert optional, "%s: %s is not optional" % (alg.name(), definition.name())


# Processing parameter types that hold a value (numbers, check boxes,
# drop-downs, text and lists typed as text): each must come from a core spec.
VALUE_TYPES = ("number", "boolean", "enum", "string")


def _declared(alg):
    """{name: Param} of the core specs an algorithm is made from (nested
    settings included, with the attributes the owner sets itself left out)."""
    from landcarbon.core.common import spec
    out = {}
    for settings in getattr(alg, "SPECS", ()):
        if isinstance(settings, (tuple, list)):
            out.update({p.name: p for p in settings})
        else:
            out.update({p.name: p for _path, p in spec.all_params(settings)})
            out.update({p.name: p for p in spec.params(settings)})
    return out


def _same_as_spec(alg, definition, p):
    """Every difference between a Processing parameter and its Param."""
    from landcarbon.algorithms.base import tr
    from landcarbon.core.common import spec
    where = "%s %s" % (alg.name(), p.name)
    assert definition.description().endswith(tr(p.label)), where
    assert definition.help() == tr(p.help), where
    if p.advanced:
        assert definition.flags() & definition.FlagAdvanced, where
    if p.kind in ("int", "float"):
        assert definition.type() == "number", where
        assert definition.dataType() == (definition.Integer if p.kind == "int"
                                         else definition.Double), where
        assert definition.defaultValue() == p.default, where
        if p.minimum is not None:
            assert definition.minimum() == p.minimum, where
        if p.maximum is not None:
            assert definition.maximum() == p.maximum, where
    elif p.kind == "bool":
        assert definition.type() == "boolean", where
        assert definition.defaultValue() == p.default, where
    elif p.kind in ("choice", "choices"):
        assert definition.type() == "enum", where
        assert definition.allowMultiple() == (p.kind == "choices"), where
        assert definition.options() == [tr(t) for t in (p.choice_labels or p.choices)], where
        default = [p.choices.index(v) for v in p.default] if p.kind == "choices" else \
            p.choices.index(p.default)
        assert definition.defaultValue() == default, where
    elif p.kind in ("text", "ints", "floats"):
        assert definition.type() == "string", where
        expected = spec.command_value(p, p.default) if p.default else ""
        assert (definition.defaultValue() or "") == expected, where
    assert bool(definition.flags() & definition.FlagOptional) == (
        p.optional or p.kind in ("choices",)), where


def test_each_tool_parameter_is_the_core_spec(landcarbon_provider):
    """For every algorithm, each Processing parameter that holds a value
    (number, check box, drop-down, text) is declared by a core spec (the
    algorithm's SPECS) and has the spec's label, help, default and range;
    every declared parameter is one of the tool's (a tool and a script give
    the same results by default: 0.2.0 had LISA's seed 1 in the tool, 0 in
    core)."""
    checked = 0
    for alg in landcarbon_provider.algorithms():
        if alg.groupId() == "examples":
            continue
        declared = _declared(alg)
        assert declared, "%s has no SPECS" % alg.name()
        for name in declared:
            assert alg.parameterDefinition(name) is not None, (alg.name(), name)
        for definition in alg.parameterDefinitions():
            p = declared.get(definition.name())
            if p is None:
                assert definition.type() not in VALUE_TYPES, \
                    "%s %s is not declared by a core spec" % (alg.name(), definition.name())
                continue
            _same_as_spec(alg, definition, p)
            checked += p.is_value
    assert checked >= 82


def test_each_model_input_has_the_range_of_the_spec_it_feeds(landcarbon_provider):
    """The example models (resources/models, scripts/build_models.py): each
    value input feeds a parameter of a step declared by a core spec and has
    its range and choices (its default may differ: a model's years)."""
    checked = 0
    for model in landcarbon_provider.algorithms():
        if model.groupId() != "examples":
            continue
        feeds = {}
        for child in model.childAlgorithms().values():
            for name, sources in child.parameterSources().items():
                for source in sources:
                    if source.source() == source.ModelParameter:
                        feeds.setdefault(source.parameterName(), []).append(
                            child.algorithm().declared().get(name))
        for definition in model.parameterDefinitions():
            if definition.type() not in VALUE_TYPES:
                continue
            where = "%s %s" % (model.name(), definition.name())
            params = [p for p in feeds.get(definition.name(), []) if p is not None]
            assert params, "%s feeds no parameter declared by a core spec" % where
            for p in params:
                checked += 1
                if p.kind in ("int", "float") and definition.type() == "number":
                    for bound, value in (("minimum", p.minimum), ("maximum", p.maximum)):
                        if value is not None:
                            assert getattr(definition, bound)() == value, (where, p.name)
                if p.kind == "choice":
                    assert len(definition.options()) == len(p.choices), where
    assert checked >= 15
