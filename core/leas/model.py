"""A trained LEAS model: one forest per class, the drivers' names and
training ranges, per-class results; saved to and loaded from a .leas file
(docs/leas.md, "Model files").

A model file is a pickled header of plain Python values (format, versions,
drivers and their ranges, classes, results) followed by the pickled forests,
so a file from another LandCarbon or scikit-learn version is refused before
any forest is unpickled. Like every pickle, a model file can run code when
loaded: open only files you trust.
"""

import os
import pickle
import platform
from dataclasses import asdict, dataclass, field

import numpy as np

from ..common.errors import LandCarbonError
from ..common.plugin_files import plugin_version
from .forests import Contribution, require_sklearn

MODEL_FORMAT = "LandCarbon LEAS model"
MODEL_FORMAT_VERSION = 1


def library_versions():
    """Versions a saved model depends on."""
    sklearn, _rf = require_sklearn()
    return {"landcarbon": plugin_version(), "scikit-learn": sklearn.__version__,
            "numpy": np.__version__, "python": platform.python_version()}


@dataclass
class ClassResult:
    """Sample, fit and contributions of one class."""

    code: int
    name: str
    expansion_cells: int
    sample_cells: int = 0
    positive_cells: int = 0
    oob_accuracy: float = None
    oob_cells: int = 0
    oob_positive_accuracy: float = None     # OOB accuracy among the positives
    rmse: float = None
    contribution: Contribution = None
    note: str = ""


@dataclass
class LeasModel:
    """A trained LEAS model: one forest per class (None: no expansion),
    the drivers' names and ranges, the classes and how it was trained."""

    codes: list
    names: list
    driver_names: list
    driver_min: list
    driver_max: list
    forests: list
    results: list                # ClassResult per class
    settings: dict = field(default_factory=dict)
    versions: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)


def save_model(model, path):
    """Write a model file: a pickled header of plain Python values (format,
    versions, drivers and their ranges, classes, per-class results; no
    scikit-learn or LandCarbon objects) followed by the pickled forests, so a
    file from another version is refused before any forest is unpickled."""
    header = {"format": MODEL_FORMAT, "format_version": MODEL_FORMAT_VERSION,
              "versions": dict(model.versions), "codes": [int(c) for c in model.codes],
              "names": list(model.names), "driver_names": list(model.driver_names),
              "driver_min": [float(v) for v in model.driver_min],
              "driver_max": [float(v) for v in model.driver_max],
              "settings": dict(model.settings), "results": [asdict(r) for r in model.results]}
    with open(path, "wb") as fh:
        pickle.dump(header, fh, protocol=4)
        pickle.dump(model.forests, fh, protocol=4)


def load_model(path, label=None):
    """Read a model file written by :func:`save_model`.

    Refused with a message: not a LEAS model; another model format; trained
    with another LandCarbon or scikit-learn version (forests pickled by one
    scikit-learn version are not reliable in another). Only open model files
    you trust: like every pickle, a model file can run code when loaded."""
    label = label or os.path.basename(str(path))
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise LandCarbonError("Cannot read the model file %s (%s)."
                              % (label, exc.strerror or exc)) from None
    with fh:
        try:
            header = pickle.load(fh)
        except Exception:   # any unpickling failure means: not our file
            header = None
        if not isinstance(header, dict) or header.get("format") != MODEL_FORMAT:
            raise LandCarbonError("%s is not a LEAS model file of LandCarbon. Give the "
                                  "OUTPUT_MODEL file written by landcarbon:leas." % label)
        if header.get("format_version") != MODEL_FORMAT_VERSION:
            raise LandCarbonError("%s uses model format %s, this LandCarbon reads format %s. "
                                  "Train the model again with landcarbon:leas."
                                  % (label, header.get("format_version"), MODEL_FORMAT_VERSION))
        saved, current = header["versions"], library_versions()
        for key in ("landcarbon", "scikit-learn"):
            if saved.get(key) != current[key]:
                raise LandCarbonError(
                    "%s was trained with LandCarbon %s and scikit-learn %s; this is LandCarbon "
                    "%s with scikit-learn %s. Saved forests are only reliable with the versions "
                    "that wrote them: train the model again with landcarbon:leas (same maps, "
                    "drivers and SEED give the same model)."
                    % (label, saved.get("landcarbon"), saved.get("scikit-learn"),
                       current["landcarbon"], current["scikit-learn"]))
        try:
            forests = pickle.load(fh)
        except Exception as exc:
            raise LandCarbonError("%s is damaged: its forests cannot be read (%s: %s). Train "
                                  "the model again." % (label, type(exc).__name__, exc)) from None
    results = []
    for r in header["results"]:
        r = dict(r)
        if r.get("contribution") is not None:
            r["contribution"] = Contribution(**r["contribution"])
        results.append(ClassResult(**r))
    return LeasModel(header["codes"], header["names"], header["driver_names"],
                     header["driver_min"], header["driver_max"], forests, results,
                     header["settings"], saved)


def match_drivers(model, drivers, label="the driver stack"):
    """The drivers in the model's order; refuses another count or other names.

    Bands may come in another order: they are matched by name (and the log
    says so). Returns the reordered list."""
    names = [d.name for d in drivers]
    if names == list(model.driver_names):
        return list(drivers)
    missing = [n for n in model.driver_names if n not in names]
    extra = [n for n in names if n not in model.driver_names]
    if len(names) != len(model.driver_names) or missing or extra:
        raise LandCarbonError(
            "The drivers do not match the model: the model was trained on %d driver(s) [%s], "
            "%s has %d [%s].%s%s Give a stack with the same band names (band descriptions) "
            "as the training stack, e.g. rebuild it with landcarbon:preparedrivers from the "
            "same layers, replacing only the layers you update (the file name of a "
            "single-band raster without description counts as its name)."
            % (len(model.driver_names), ", ".join(model.driver_names), label, len(names),
               ", ".join(names),
               " Missing: %s." % ", ".join(missing) if missing else "",
               " Not in the model: %s." % ", ".join(extra) if extra else ""))
    by_name = {d.name: d for d in drivers}
    return [by_name[n] for n in model.driver_names]


def band_descriptions(model):
    return ["%d %s" % (c, n) for c, n in zip(model.codes, model.names)]
