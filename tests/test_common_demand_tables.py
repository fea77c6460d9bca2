"""core.common.demand_tables: the demand and transition-matrix tables."""

import numpy as np
import pytest

from landcarbon.core.common.demand_tables import (
    read_demand,
    read_transition_matrix,
    write_demand,
    write_transition_matrix,
)
from landcarbon.core.common.errors import LandCarbonError


def test_demand_round_trip(tmp_path):
    path = tmp_path / "d.csv"
    write_demand(str(path), {2040: {2: 5, 1: 7}, 2030: {1: 6, 2: 6}}, 0.0009)
    text = path.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "year,code,cells,km2" and text[1] == "2030,1,6,0.0054"
    demand = read_demand(str(path))
    assert list(demand) == [2030, 2040] and demand[2040] == {1: 7, 2: 5}


def test_hand_written_demand_without_km2(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("Year;Code;Cells\n2030;1;10\n2030;5;3\n")
    assert read_demand(str(path)) == {2030: {1: 10, 5: 3}}


@pytest.mark.parametrize("body,message", [("2030,1,-3\n", "whole number of cells >= 0"),
                                          ("2030,1,2.5\n", "whole number of cells >= 0"),
                                          ("2030,1,3\n2030,1,4\n", "class 1 appears twice"),
                                          ("2030,x,3\n", "'x', which is not a number")])
def test_bad_demand(tmp_path, body, message):
    path = tmp_path / "d.csv"
    path.write_text("year,code,cells\n" + body)
    with pytest.raises(LandCarbonError, match=message):
        read_demand(str(path))


def test_transition_matrix_round_trip(tmp_path):
    path = tmp_path / "tm.csv"
    allowed = np.array([[1, 0, 1], [1, 1, 1], [0, 0, 1]], bool)
    write_transition_matrix(str(path), [1, 2, 5], allowed)
    codes, back = read_transition_matrix(str(path))
    assert codes == [1, 2, 5]
    np.testing.assert_array_equal(back, allowed)


@pytest.mark.parametrize("text,message", [
    ("from/to,1,2\n1,1,0\n", "not square"),
    ("from/to,1,2\n1,1,0\n2,1,2\n", "only 0 \\(forbidden\\) and 1"),
    ("from/to,1,2\n2,1,0\n1,0,1\n", "same class codes in the same order"),
    ("from/to,1,2\n1,1\n2,0,1\n", "has 1 values; expected 2")])
def test_bad_transition_matrix(tmp_path, text, message):
    path = tmp_path / "tm.csv"
    path.write_text(text)
    with pytest.raises(LandCarbonError, match=message):
        read_transition_matrix(str(path))
