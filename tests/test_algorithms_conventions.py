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
