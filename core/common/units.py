"""Unit conversions used across the core (one definition each). Areas in
m2, ha and km2; carbon in Mg (= metric tons) and Tg."""

M2_PER_HA = 1e4
M2_PER_KM2 = 1e6
HA_PER_KM2 = 100.0
MG_PER_TG = 1e6
