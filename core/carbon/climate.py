"""Climate-corrected carbon densities (docs/climate.md).

Densities measured elsewhere (the reference climate: mean annual
precipitation P_ref in mm, mean annual temperature T_ref in deg C) are
scaled to a study climate (P, T) with empirical relations between climate
and carbon density::

    soil    vs P:  C_SP = a_SP * P + b_SP              (Alam et al. 2013)
    biomass vs P:  C_BP = a_BP * exp(b_BP * P)         (Alam et al. 2013)
    biomass vs T:  C_BT = a_BT * T + b_BT              (Chen et al. 2007)
    K_BP = C_BP(P) / C_BP(P_ref);  K_BT = C_BT(T) / C_BT(T_ref)
    K_B  = K_BP * K_BT;            K_S  = C_SP(P) / C_SP(P_ref)
    c_above, c_below *= K_B;  c_soil *= K_S;  c_dead unchanged (option: *= K_B)

Defaults a_SP = 3.3968, b_SP = 3996.1, a_BP = 6.798, b_BP = 0.0054,
a_BT = 28, b_BT = 398. They are parameters because the papers disagree and
two of them could not be confirmed against the primary source.

A relation that gives a density <= 0 (T <= -b_BT / a_BT = -14.21 deg C with
the defaults) cannot form a ratio: refused. P < 0 is refused. A factor
outside [0.5, 2] is allowed with a warning (K_BP is very sensitive: 400 mm of
difference gives x 8.67 with the default b_BP).
"""

import math
import os
import re
from dataclasses import dataclass

from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import check, checked
from ..common.tables import format_value, parse_float, read_table, write_table
from .pools import POOLS, read_pools
from .settings import ClimateSettings, Coefficients

PLAUSIBLE = (0.5, 2.0)


@dataclass(frozen=True)
class Factors:
    """Correction factors of one study climate (dimensionless)."""

    k_bp: float
    k_bt: float
    k_b: float
    k_s: float


def _check_climate(p, t, what, coef):
    for name, value in (("P", p), ("T", t)):
        if value is None or not math.isfinite(value):
            raise LandCarbonError("%s: %s is not a finite number." % (what, name))
    if p < 0:
        raise LandCarbonError("%s: precipitation P = %g mm is negative; give the mean annual "
                              "precipitation in mm (>= 0)." % (what, p))
    checks = (("C_BT = %g * T + %g" % (coef.biomass_t_slope, coef.biomass_t_intercept),
               coef.biomass_t(t), "T = %g deg C" % t),
              ("C_SP = %g * P + %g" % (coef.soil_p_slope, coef.soil_p_intercept),
               coef.soil_p(p), "P = %g mm" % p),
              ("C_BP = %g * exp(%g * P)" % (coef.biomass_p_coef, coef.biomass_p_exp),
               coef.biomass_p(p), "P = %g mm" % p))
    for relation, value, given in checks:
        if not value > 0 or not math.isfinite(value):
            hint = ""
            if relation.startswith("C_BT") and coef.biomass_t_slope > 0:
                hint = (" With these coefficients T must be above %.4g deg C."
                        % (-coef.biomass_t_intercept / coef.biomass_t_slope))
            raise LandCarbonError(
                "%s: %s gives %s = %.6g, but the relation must give a positive density to form "
                "a correction factor. Check the climate (mean annual values, deg C and mm) "
                "and the coefficients.%s" % (what, given, relation.split(" =")[0], value, hint))


def factors(p, t, p_ref, t_ref, coef=None, what="study climate"):
    """K_BP, K_BT, K_B, K_S of a study climate (P mm, T deg C) against the
    reference climate (P_ref, T_ref); ``coef``: Coefficients (default: the
    published ones)."""
    coef = coef or Coefficients()
    _check_climate(p_ref, t_ref, "reference climate", coef)
    _check_climate(p, t, what, coef)
    k_bp = coef.biomass_p(p) / coef.biomass_p(p_ref)
    k_bt = coef.biomass_t(t) / coef.biomass_t(t_ref)
    k_s = coef.soil_p(p) / coef.soil_p(p_ref)
    return Factors(k_bp, k_bt, k_bp * k_bt, k_s)


def read_pathways(path, label="PATHWAYS table"):
    """A CSV ``name,P,T`` (one row per emission pathway, P in mm, T in deg C)."""
    header, rows = read_table(path, label, required=("name", "p", "t"),
                              aliases={"pathway": "name", "scenario": "name",
                                       "precipitation": "p", "temperature": "t"})
    if not rows:
        raise LandCarbonError("%s has no data rows; give one row per pathway (name,P,T)."
                              % label)
    i_name, i_p, i_t = header.index("name"), header.index("p"), header.index("t")
    out, seen = [], {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        name = row[i_name].strip()
        if not name:
            raise LandCarbonError("%s, data row %d: the pathway name is empty." % (label, r))
        if name.lower() in seen:
            raise LandCarbonError("%s: pathway '%s' appears twice (data rows %d and %d)."
                                  % (label, name, seen[name.lower()], r))
        seen[name.lower()] = r
        out.append((name, parse_float(row[i_p], label, r, "P"),
                    parse_float(row[i_t], label, r, "T")))
    return out


def corrected_rows(table, f, dead_with_biomass=False):
    """The rows of ``table`` with corrected densities (other columns as they
    were): above and below x K_B, soil x K_S, dead x K_B if asked."""
    scale = {"c_above": f.k_b, "c_below": f.k_b, "c_soil": f.k_s,
             "c_dead": f.k_b if dead_with_biomass else 1.0}
    index = {pool: table.header.index(pool) for pool in POOLS}
    code_col = table.header.index("lucode")
    out = []
    for row in table.rows:
        code = int(float(row[code_col]))
        new = list(row)
        for n, pool in enumerate(POOLS):
            new[index[pool]] = format_value(float(table.density[code][n] * scale[pool]))
        out.append(new)
    return out


def safe_file_name(name):
    """A pathway name usable in a file name: 'SSP1-2.6' stays, spaces and
    other characters become '_'."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "pathway"


def run_climate_correction(pools, p_ref=None, t_ref=None, *, settings=None, p=None, t=None,
                           pathways=None, coefficients=None, dead_with_biomass=None,
                           output_folder=None, output_pools=None, output_factors=None,
                           progress=None):
    """The climatecorrection step: the ``pools`` table measured in the
    reference climate (``p_ref`` mm, ``t_ref`` deg C) scaled to a study
    climate.

    Study climate: (``p``, ``t``) or the rows of the ``pathways`` CSV
    (name,P,T). ``settings``: a ClimateSettings (``p_ref``, ``t_ref``,
    ``p``, ``t``, ``dead_with_biomass``: its values given alone).
    Writes one corrected table per pathway into ``output_folder``
    (``pools_<name>.csv``; the single climate is named 'study'), optionally a
    copy of the first one at ``output_pools`` (to chain it in a model), and
    the factors table ``output_factors``. ``coefficients``: a Coefficients.
    Returns [(name, P, T, Factors)].
    """
    s = checked(ClimateSettings, settings, p_ref=p_ref, t_ref=t_ref, p=p, t=t,
                dead_with_biomass=dead_with_biomass)
    coef = check(coefficients or Coefficients())
    p_ref, t_ref, p, t = s.p_ref, s.t_ref, s.p, s.t
    progress = progress or Progress()
    table = read_pools(pools, "POOLS table")
    if pathways and (p is not None or t is not None):
        raise LandCarbonError("Give the study climate either as P and T or as a PATHWAYS table "
                              "(name,P,T), not both.")
    if pathways:
        climates = read_pathways(pathways)
    elif p is None or t is None:
        raise LandCarbonError("Give the study climate: both P (mm) and T (deg C), or a "
                              "PATHWAYS table (name,P,T).")
    else:
        climates = [("study", float(p), float(t))]
    results = []
    for name, cp, ct in climates:
        f = factors(cp, ct, p_ref, t_ref, coef, "pathway '%s'" % name if pathways
                    else "study climate")
        results.append((name, cp, ct, f))
    files = {}
    for name, _p, _t, _f in results:
        file_name = "pools_%s.csv" % safe_file_name(name)
        if file_name in files.values():
            raise LandCarbonError("Two pathways give the same file name %s; rename one of "
                                  "them." % file_name)
        files[name] = file_name
    if not (output_folder or output_pools or output_factors):
        raise LandCarbonError("No output was asked for; give OUTPUT_FOLDER, OUTPUT_POOLS or "
                              "OUTPUT_FACTORS.")

    header = table.raw_header   # the input's own column names and order
    with Outputs() as out:
        for n, (name, _p, _t, f) in enumerate(results):
            rows = corrected_rows(table, f, s.dead_with_biomass)
            if output_folder:
                write_table(out.path(os.path.join(output_folder, files[name])), header,
                            rows)
            if output_pools and n == 0:
                write_table(out.path(output_pools), header, rows)
        if output_factors:
            write_table(out.path(output_factors), *factors_table(results, p_ref, t_ref,
                                                                s.dead_with_biomass, files))
    for name, cp, ct, f in results:
        progress.info("%s (P = %g mm, T = %g deg C): K_BP = %.6f, K_BT = %.6f, K_B = %.6f, "
                      "K_S = %.6f, dead x %.6f." % (name, cp, ct, f.k_bp, f.k_bt, f.k_b, f.k_s,
                                                    f.k_b if s.dead_with_biomass else 1.0))
        outside = [(k, v) for k, v in (("K_BP", f.k_bp), ("K_BT", f.k_bt), ("K_B", f.k_b),
                                       ("K_S", f.k_s))
                   if not PLAUSIBLE[0] <= v <= PLAUSIBLE[1]]
        if outside:
            progress.warning(
                "%s: %s outside [%g, %g]; densities change by more than a factor of 2. "
                "Check that the climates are mean annual values in mm and deg C and that the "
                "reference climate is where the densities were measured (K_BP alone is x8.67 "
                "for 400 mm of difference)." % (
                    name, ", ".join("%s = %.4g" % kv for kv in outside), PLAUSIBLE[0],
                    PLAUSIBLE[1]))
    if output_pools and len(results) > 1:
        progress.info("OUTPUT_POOLS holds the table of the first pathway (%s); the others are "
                      "in the output folder." % results[0][0])
    return results


def factors_table(results, p_ref, t_ref, dead_with_biomass, files):
    header = ["pathway", "P_mm", "T_degC", "P_ref_mm", "T_ref_degC", "K_BP", "K_BT", "K_B",
              "K_S", "dead_factor", "pools_file"]
    rows = [[name, p, t, p_ref, t_ref, f.k_bp, f.k_bt, f.k_b, f.k_s,
             f.k_b if dead_with_biomass else 1.0, files[name]]
            for name, p, t, f in results]
    return header, rows
