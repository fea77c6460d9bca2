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
