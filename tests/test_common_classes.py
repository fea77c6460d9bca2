"""Class roles (core.common.classes) and scenario rules on roles
(core.demand.scenario_rules): every expected number is worked out by hand
from the rule text of docs/demand.md and resources/scenarios/README.md."""

import re

import numpy as np
import pytest
from helpers import write_raster

from landcarbon.core.common.classes import ClassTable, guess_role, read_roles
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.demand import markov_demand
from landcarbon.core.demand.scenario_rules import ScenarioTable


def write_pair(folder, counts, codes):
    """Start / end maps (one row) holding counts[i][j] cells going codes[i] ->
    codes[j]; 255 = nodata."""
    start, end = [], []
    for i, a in enumerate(codes):
        for j, b in enumerate(codes):
            start += [a] * counts[i][j]
            end += [b] * counts[i][j]
    return (write_raster(folder / "start.tif", np.array([start], np.uint8), nodata=255),
            write_raster(folder / "end.tif", np.array([end], np.uint8), nodata=255))


def rule_set(rules):
    return {(r.from_code, r.to_code, r.factor, r.allowed) for r in rules}


# ---------------------------------------------------------------------------
# An NLCD-like pair: 11 water, 21 and 22 built-up, 41 forest, 71 grassland,
# 81 and 82 cropland. Each row holds 100 cells, so P = counts / 100.
# ---------------------------------------------------------------------------

NLCD = [11, 21, 22, 41, 71, 81, 82]
NLCD_COUNTS = [
    [80, 5, 5, 4, 2, 2, 2],     # 11 water
    [2, 80, 6, 4, 2, 3, 3],     # 21 built-up
    [1, 9, 70, 5, 5, 5, 5],     # 22 built-up
    [2, 5, 5, 80, 4, 2, 2],     # 41 forest
    [2, 4, 4, 10, 70, 5, 5],    # 71 grassland
    [1, 5, 5, 4, 5, 60, 20],    # 81 cropland
    [1, 10, 5, 2, 2, 10, 70]]   # 82 cropland
# roles in a mix of spellings: synonyms, case, Chinese
NLCD_CLASSES = """code,name,color,role
11,Open water,#466b9f,Water
21,"Developed, open space",#dec5c5,built up
22,"Developed, low intensity",#d99282,Urban
41,Deciduous forest,#68ab5f,FOREST
71,Grassland/herbaceous,#dfdfc2,grassland
81,Pasture/hay,#dcd939,cropland
82,Cultivated crops,#ab6c28,耕地
"""

# UD by hand: cropland, forest, grassland, water -> built-up x1.2; built-up ->
# forest, grassland, water x0.7 (built-up -> cropland and 21 <-> 22, 81 <-> 82
# unchanged); the diagonal takes the rest of its row.
UD_NLCD = [
    [0.78, 0.06, 0.06, 0.04, 0.02, 0.02, 0.02],        # 1 - (.06 + .06 + .04 + .02*3)
    [0.014, 0.824, 0.06, 0.028, 0.014, 0.03, 0.03],    # .02*.7, .04*.7, .02*.7
    [0.007, 0.09, 0.733, 0.035, 0.035, 0.05, 0.05],    # .01*.7, .05*.7, .05*.7
    [0.02, 0.06, 0.06, 0.78, 0.04, 0.02, 0.02],
    [0.02, 0.048, 0.048, 0.10, 0.684, 0.05, 0.05],
    [0.01, 0.06, 0.06, 0.04, 0.05, 0.58, 0.20],
    [0.01, 0.12, 0.06, 0.02, 0.02, 0.10, 0.67]]
# CP by hand: cropland -> every class of another role forbidden; 81 <-> 82 remain.
CP_NLCD = [list(np.array(row) / 100.0) for row in NLCD_COUNTS[:5]] + [
    [0, 0, 0, 0, 0, 0.80, 0.20],
    [0, 0, 0, 0, 0, 0.10, 0.90]]
# EP by hand: cropland -> built-up x0.7, forest -> built-up forbidden, grassland
# and water -> built-up x0.8, forest -> grassland x0.5, water and grassland ->
# forest x1.2, built-up -> forest x1.1.
EP_NLCD = [
    [0.812, 0.04, 0.04, 0.048, 0.02, 0.02, 0.02],
    [0.02, 0.796, 0.06, 0.044, 0.02, 0.03, 0.03],
    [0.01, 0.09, 0.695, 0.055, 0.05, 0.05, 0.05],
    [0.02, 0.0, 0.0, 0.92, 0.02, 0.02, 0.02],
    [0.02, 0.032, 0.032, 0.12, 0.696, 0.05, 0.05],
    [0.01, 0.035, 0.035, 0.04, 0.05, 0.63, 0.20],
    [0.01, 0.07, 0.035, 0.02, 0.02, 0.10, 0.745]]
ALL_ALLOWED = np.ones((7, 7), bool)
CP_ALLOWED = ALL_ALLOWED.copy()
CP_ALLOWED[5:, :5] = False                    # 81, 82 -> 11, 21, 22, 41, 71
EP_ALLOWED = ALL_ALLOWED.copy()
EP_ALLOWED[3, 1:3] = False                    # 41 -> 21, 22
EXPECTED_NLCD = {"UD": (UD_NLCD, ALL_ALLOWED), "CP": (CP_NLCD, CP_ALLOWED),
                 "EP": (EP_NLCD, EP_ALLOWED)}


def nlcd_classes(folder, text=NLCD_CLASSES):
    path = folder / "classes.csv"
    path.write_text(text, encoding="utf-8")
    return ClassTable.from_csv(str(path))


# ---------------------------------------------------------------------------
# Roles in the CLASSES table
# ---------------------------------------------------------------------------

def test_roles_from_a_classes_table_with_synonyms_and_chinese(tmp_path):
    spelled = ["Cropland", "built up", "Built-Up", "urban", "construction land", "barren",
               "bare", "耕地", "林地", "草地", "水域", "建设用地", "未利用地", "OTHER", "", "water",
               "Grassland", "forest"]
    expected = ["cropland", "built-up", "built-up", "built-up", "built-up", "unused",
                "unused", "cropland", "forest", "grassland", "water", "built-up", "unused",
                "other", None, "water", "grassland", "forest"]
    path = tmp_path / "classes.csv"
    path.write_text("code,name,color,role\n" + "".join(
        "%d,class %d,,%s\n" % (i + 1, i + 1, s) for i, s in enumerate(spelled)),
        encoding="utf-8")
    table = ClassTable.from_csv(str(path))
    assert [table.role(i + 1) for i in range(len(spelled))] == expected
    assert table.role(99) is None and table.has_roles
    assert table.name(1) == "class 1"


def test_chinese_roles_in_a_gbk_table_and_no_role_column(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes("code,name,color,role\n1,水田,#ffff00,耕地\n5,城镇,,建设用地\n"
                     .encode("gb18030"))
    table = ClassTable.from_csv(str(path))
    assert (table.role(1), table.role(5), table.name(1)) == ("cropland", "built-up", "水田")
    plain = tmp_path / "plain.csv"
    plain.write_text("code,name\n1,Forest\n", encoding="utf-8")
    table = ClassTable.from_csv(str(plain))
    assert table.role(1) is None and not table.has_roles


def test_an_unknown_role_is_refused_with_the_valid_ones(tmp_path):
    path = tmp_path / "classes.csv"
    path.write_text("code,name,role\n11,Water,water\n90,Woody wetlands,wetland\n")
    with pytest.raises(LandCarbonError,
                       match="data row 2 \\(class 90\\): 'wetland' is not a class role. The "
                             "roles are cropland, forest, grassland, water, built-up, unused, "
                             "other"):
        ClassTable.from_csv(str(path))


def test_role_suggested_by_a_class_name():
    assert guess_role("Deciduous Forest") == "forest"
    assert guess_role("Developed, Low Intensity") == "built-up"
    assert guess_role("Barren Land (Rock/Sand/Clay)") == "unused"
    assert guess_role("Cultivated Crops") == "cropland"
    assert guess_role("耕地") == "cropland"
    assert guess_role("Pasture/Hay") is None
    assert guess_role("Forest and urban mosaic") is None     # two roles: no suggestion


# ---------------------------------------------------------------------------
# Presets on NLCD codes with roles
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("preset", ["UD", "CP", "EP"])
def test_presets_on_nlcd_codes_by_hand(tmp_path, preset):
    start, end = write_pair(tmp_path, NLCD_COUNTS, NLCD)
    progress = Progress()
    r = markov_demand(start, end, 2010, 2020, [2030], classes=nlcd_classes(tmp_path),
                      scenario=ScenarioTable.from_preset(preset), progress=progress)
    expected, allowed = EXPECTED_NLCD[preset]
    assert r.codes == NLCD
    np.testing.assert_allclose(r.observed_P, np.array(NLCD_COUNTS) / 100.0, atol=1e-15)
    np.testing.assert_allclose(r.adjusted_P, expected, atol=1e-12)
    assert r.allowed.tolist() == allowed.tolist()
    # one period from the end map: end cells = column sums 89, 118, 100, 109, 90, 87, 107
    state = np.array([89, 118, 100, 109, 90, 87, 107], float)
    np.testing.assert_allclose(r.expected[2030], state @ np.array(expected), rtol=1e-12)
    assert sum(r.demand[2030].values()) == 700
    assert ("Class roles from the CLASSES table: cropland 81, 82; forest 41; grassland 71; "
            "water 11; built-up 21, 22." in progress.infos[0])
    # no unused class here: UD's built-up -> unused and CP's cropland -> unused are
    # skipped with a warning (EP has no rule about unused land)
    assert any("no class of the role(s) unused, so its rules about them are skipped" in w
               for w in progress.warnings) == (preset != "EP")


def test_ud_rules_expanded_to_code_pairs(tmp_path):
    rules = ScenarioTable.from_preset("UD").rules_for(NLCD, classes=nlcd_classes(tmp_path))
    expected = {(a, b, 1.2, True) for a in (11, 41, 71, 81, 82) for b in (21, 22)}
    expected |= {(a, b, 0.7, True) for a in (21, 22) for b in (11, 41, 71)}
    assert rule_set(rules) == expected


def test_classes_table_without_the_role_of_a_map_class(tmp_path):
    classes = nlcd_classes(tmp_path, NLCD_CLASSES.replace(",耕地", ","))
    with pytest.raises(LandCarbonError) as err:
        ScenarioTable.from_preset("CP").rules_for(NLCD, classes=classes)
    text = str(err.value)
    assert "Scenario CP (cropland protection) needs the role of every class of the maps, " \
           "but the CLASSES table gives none to class code(s) 82" in text
    assert "82,Cultivated crops,#ab6c28,cropland" in text     # suggested from the name


# ---------------------------------------------------------------------------
# CNLUCC codes without a CLASSES table
# ---------------------------------------------------------------------------

def test_cnlucc_subclasses_recognised_by_their_first_digit():
    progress = Progress()
    codes = [11, 12, 21, 51, 52]
    rules = ScenarioTable.from_preset("CP").rules_for(codes, progress)
    assert rule_set(rules) == {(a, b, 0.0, False) for a in (11, 12) for b in (21, 51, 52)}
    assert progress.infos == [
        "Class codes recognised as CNLUCC subclasses (Liu et al. 2014), as no CLASSES table "
        "gives roles: cropland 11, 12; forest 21; built-up 51, 52. Scenario CP (cropland "
        "protection) applies its rules by these roles."]
    assert progress.warnings == [
        "Scenario CP (cropland protection): the maps hold no class of the role(s) grassland "
        "(31-33), water (41-46), unused (61-67), so its rules about them are skipped (roles "
        "from CNLUCC subclasses)."]
    ud = ScenarioTable.from_preset("UD").rules_for(codes)
    assert rule_set(ud) == ({(a, b, 1.2, True) for a in (11, 12, 21) for b in (51, 52)}
                            | {(51, 21, 0.7, True), (52, 21, 0.7, True)})


def test_cnlucc_subclass_list():
    reading = read_roles([11])
    assert reading.source == "CNLUCC subclasses"
    assert {role: reading.codes_with(role) for role in ("cropland", "forest", "grassland",
                                                       "water", "built-up", "unused")} == {
        "cropland": [11, 12], "forest": [21, 22, 23, 24], "grassland": [31, 32, 33],
        "water": [41, 42, 43, 44, 45, 46], "built-up": [51, 52, 53],
        "unused": [61, 62, 63, 64, 65, 66, 67]}
    assert read_roles([1, 6]).source == "CNLUCC first level"
    assert read_roles([1, 11]) is None        # levels mixed
    assert read_roles([13]) is None           # no such subclass


def test_ud_on_cnlucc_subclass_maps_by_hand(tmp_path):
    # 12 dry land: 8 stay, 2 -> 51; 21 forest: 9 stay, 1 -> 51;
    # 51 urban: 1 -> 12, 1 -> 21, 8 stay
    start, end = write_pair(tmp_path, [[8, 0, 2], [0, 9, 1], [1, 1, 8]], [12, 21, 51])
    progress = Progress()
    r = markov_demand(start, end, 2000, 2010, [2020], progress=progress,
                      scenario=ScenarioTable.from_preset("UD"))
    # .2 x 1.2 = .24; .1 x 1.2 = .12; 51 -> 21 .1 x .7 = .07, 51 -> 12 unchanged
    np.testing.assert_allclose(r.adjusted_P, [[0.76, 0, 0.24], [0, 0.88, 0.12],
                                              [0.1, 0.07, 0.83]], atol=1e-15)
    # end cells [9, 10, 11]: [9*.76 + 11*.1, 10*.88 + 11*.07, 9*.24 + 10*.12 + 11*.83]
    np.testing.assert_allclose(r.expected[2020], [7.94, 9.57, 12.49], rtol=1e-12)
    assert r.demand[2020] == {12: 8, 21: 10, 51: 12}
    assert any("recognised as CNLUCC subclasses" in i for i in progress.infos)


def test_other_codes_without_roles_are_refused_with_a_classes_example(tmp_path):
    start, end = write_pair(tmp_path, NLCD_COUNTS, NLCD)
    with pytest.raises(LandCarbonError) as err:
        markov_demand(start, end, 2010, 2020, [2030], scenario=ScenarioTable.from_preset("UD"))
    text = str(err.value)
    assert "Scenario UD (urban development) is defined on class roles" in text
    assert "written for the six-class scheme of CNLUCC (1 cropland, 2 forest, 3 grassland, " \
           "4 water, 5 built-up, 6 unused) or its subclasses 11-67" in text
    assert "but the maps hold class code(s) 71, 81, 82." in text
    assert ("\n\ncode,name,color,role\n11,class 11,#4e79a7,\n21,class 21,#f28e2b,\n"
            "22,class 22,#e15759,\n41,class 41,#76b7b2,\n71,class 71,#59a14f,\n"
            "81,class 81,#edc948,\n82,class 82,#b07aa1,\n\n") in text


def test_the_classes_example_is_ready_to_edit(tmp_path):
    """With names but no roles, the example suggests roles from the names;
    filled in, it makes the preset run."""
    start, end = write_pair(tmp_path, NLCD_COUNTS, NLCD)
    names = nlcd_classes(tmp_path, re.sub(r",[^,\n]*\n", "\n", NLCD_CLASSES)
                         .replace(",role", ""))
    with pytest.raises(LandCarbonError) as err:
        markov_demand(start, end, 2010, 2020, [2030], classes=names,
                      scenario=ScenarioTable.from_preset("UD"))
    example = str(err.value).split("\n\n")[1]
    assert example.splitlines() == [
        "code,name,color,role", "11,Open water,#466b9f,water",
        '21,"Developed, open space",#dec5c5,built-up',
        '22,"Developed, low intensity",#d99282,built-up', "41,Deciduous forest,#68ab5f,forest",
        "71,Grassland/herbaceous,#dfdfc2,grassland", "81,Pasture/hay,#dcd939,",
        "82,Cultivated crops,#ab6c28,cropland"]
    filled = tmp_path / "filled.csv"
    filled.write_text(example.replace("#dcd939,", "#dcd939,cropland"), encoding="utf-8")
    r = markov_demand(start, end, 2010, 2020, [2030], classes=ClassTable.from_csv(str(filled)),
                      scenario=ScenarioTable.from_preset("UD"))
    np.testing.assert_allclose(r.adjusted_P, UD_NLCD, atol=1e-12)


def test_names_that_contradict_the_cnlucc_reading_are_warned(tmp_path):
    path = tmp_path / "classes.csv"
    path.write_text("code,name\n1,Forest\n2,Built\n3,Grassland\n")
    progress = Progress()
    ScenarioTable.from_preset("CP").rules_for([1, 2, 3], progress,
                                              classes=ClassTable.from_csv(str(path)))
    assert any("1 'Forest' is read as cropland; 2 'Built' is read as forest. If your maps use "
               "another scheme, add a role column" in w for w in progress.warnings)


# ---------------------------------------------------------------------------
# User tables: codes, roles, both
# ---------------------------------------------------------------------------

def table(folder, body, name="t.csv"):
    path = folder / name
    path.write_text("from,to,factor,allowed\n" + body, encoding="utf-8")
    return ScenarioTable.from_csv(str(path), "SCENARIO_TABLE (%s)" % name)


def test_a_code_table_ignores_roles_and_needs_none(tmp_path):
    t = table(tmp_path, "81,21,1.5,1\n41,22,,0\n")
    progress = Progress()
    expected = {(81, 21, 1.5, True), (41, 22, 1.0, False)}
    assert rule_set(t.rules_for(NLCD, progress, classes=nlcd_classes(tmp_path))) == expected
    assert rule_set(t.rules_for(NLCD)) == expected      # NLCD codes, no roles: fine
    assert progress.infos == [] and progress.warnings == []


def test_codes_win_over_roles_in_a_mixed_table(tmp_path):
    t = table(tmp_path, "cropland,built-up,1.2,1\n81,21,1.5,1\nforest,22,0,0\n"
                        "Urban,Forest,0.5,1\n")
    rules = t.rules_for(NLCD, classes=nlcd_classes(tmp_path))
    assert rule_set(rules) == {(81, 21, 1.5, True), (81, 22, 1.2, True), (82, 21, 1.2, True),
                               (82, 22, 1.2, True), (41, 22, 0.0, False),
                               (21, 41, 0.5, True), (22, 41, 0.5, True)}
    assert {(r.from_code, r.to_code): r.row for r in rules}[(81, 21)] == 2


def test_two_rows_of_one_kind_for_one_pair_are_refused(tmp_path):
    t = table(tmp_path, "81,built-up,1.5,1\ncropland,21,2,1\n")
    with pytest.raises(LandCarbonError,
                       match="data rows 1 \\(81 -> built-up\\) and 2 \\(cropland -> 21\\) both "
                             "set the conversion 81 -> 21"):
        t.rules_for(NLCD, classes=nlcd_classes(tmp_path))


def test_a_role_the_maps_lack_is_skipped_and_a_table_that_does_nothing_refused(tmp_path):
    t = table(tmp_path, "cropland,unused,2,1\ncropland,built-up,1.2,1\n")
    progress = Progress()
    rules = t.rules_for(NLCD, progress, classes=nlcd_classes(tmp_path))
    assert rule_set(rules) == {(a, b, 1.2, True) for a in (81, 82) for b in (21, 22)}
    assert any("SCENARIO_TABLE (t.csv): the maps hold no class of the role(s) unused, so its "
               "rules about them are skipped" in w for w in progress.warnings)
    nothing = table(tmp_path, "water,unused,2,1\n", "n.csv")
    with pytest.raises(LandCarbonError,
                       match="none of its rules applies to these maps. It names class code\\(s\\) "
                             "6 that neither land-use map holds \\(the role\\(s\\) unused \\(6\\) "
                             "of CNLUCC first level; data row\\(s\\) 1\\); the maps hold 1, 2, 4"):
        nothing.rules_for([1, 2, 4])


def test_a_role_table_on_codes_without_roles_is_refused(tmp_path):
    t = table(tmp_path, "81,21,1.5,1\nforest,built-up,0,0\n")
    with pytest.raises(LandCarbonError,
                       match="SCENARIO_TABLE \\(t.csv\\) names class roles \\(data row\\(s\\) 2\\)"
                             ". Without a CLASSES table that gives roles"):
        t.rules_for(NLCD)


@pytest.mark.parametrize("body,message", [
    ("wetland,21,1.2,1\n", "column 'from' holds 'wetland', which is neither a class code "
                           "\\(a whole number\\) nor a class role"),
    ("forest,Forest,1.2,1\n", "from = to = forest"),
    ("urban,forest,1.2,1\nbuilt-up,forest,0.5,1\n", "built-up -> forest appears twice"),
    ("21,,1.2,1\n", "column 'to' is empty")])
def test_bad_role_cells(tmp_path, body, message):
    with pytest.raises(LandCarbonError, match=message):
        table(tmp_path, body)


def test_codes_of_a_role_table(tmp_path):
    """What a study reports when no rule applies: the codes of the roles in
    the scheme the maps are read in."""
    ud = ScenarioTable.from_preset("UD")
    assert ud.codes() == [1, 2, 3, 4, 5, 6]
    assert ud.codes(classes=nlcd_classes(tmp_path)) == NLCD
    assert ScenarioTable.from_preset("CP").codes(map_codes=[11, 51]) == \
        [11, 12, 21, 22, 23, 24, 31, 32, 33, 41, 42, 43, 44, 45, 46, 51, 52, 53, 61, 62,
         63, 64, 65, 66, 67, 99]
    assert ud.rules_for([1, 2, 3]) == []      # no built-up class: nothing of UD applies
