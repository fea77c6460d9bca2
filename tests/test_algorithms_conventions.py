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
            assert definition.help(), "%s: parameter %s has no help" % (alg.name(), definition.name())
            assert definition.name() == definition.name().upper(), definition.name()


# the main output of each algorithm: every other output is optional, so a
# headless run that names only the main one works (issue 15)
MAIN_OUTPUT = {"landusechange": "OUTPUT_AREAS", "preparedrivers": "OUTPUT",
               "leas": "OUTPUT_PROBABILITY", "leaspredict": "OUTPUT_PROBABILITY",
               "markovdemand": "OUTPUT_DEMAND", "cars": "OUTPUT", "accuracy": "OUTPUT_REPORT",
               "carbonstock": "OUTPUT_STOCK", "climatecorrection": None,
               "carbonvalue": None, "lisa": None, "scenarios": "OUTPUT_FOLDER"}


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


def test_each_tool_parameter_is_the_core_spec(landcarbon_provider):
    """For every algorithm made from a core spec, each Processing parameter
    has the spec's default and range (a tool and a script give the same
    results by default: 0.2.0 had LISA's seed 1 in the tool, 0 in core)."""
    checked = 0
    for alg in landcarbon_provider.algorithms():
        declared = _declared(alg)
        for definition in alg.parameterDefinitions():
            p = declared.get(definition.name())
            if p is None or not p.is_value:
                continue
            checked += 1
            where = "%s %s" % (alg.name(), p.name)
            if p.kind in ("int", "float"):
                assert definition.defaultValue() == p.default, where
                if p.minimum is not None:
                    assert definition.minimum() == p.minimum, where
                if p.maximum is not None:
                    assert definition.maximum() == p.maximum, where
            elif p.kind == "bool":
                assert definition.defaultValue() == p.default, where
            elif p.kind == "choice":
                assert definition.defaultValue() == p.choices.index(p.default), where
                assert len(definition.options()) == len(p.choices), where
            assert bool(definition.flags() & definition.FlagOptional) == (
                p.optional or p.kind in ("choices",)), where
    assert checked >= 35
