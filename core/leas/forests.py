"""The random forests of LEAS: fitting, out-of-bag accuracy, probabilities
of the positive class predicted in a thread pool, and the permutation
contributions of the drivers (docs/leas.md, steps 4-6).

scikit-learn is imported only inside these functions, so the rest of the
plugin works without it (:func:`require_sklearn` says how to install it).
Forests predict with ``n_jobs=1`` per call on row chunks run in a thread
pool: the trees are summed in a fixed order, so probabilities are
byte-identical for a seed whatever the number of threads (no process pools:
QGIS's ``sys.executable`` is QGIS itself).
"""

import os
import warnings
from dataclasses import dataclass

import numpy as np

from ..common.errors import LandCarbonError

MIN_CHUNK_ROWS = 16384      # rows per thread task when predicting


INSTALL_SKLEARN = (
    "Install it for the Python that QGIS uses, then restart QGIS: Debian/Ubuntu: "
    "sudo apt install python3-sklearn; Windows: open the OSGeo4W Shell (Start menu, "
    "QGIS folder) and run python -m pip install scikit-learn; macOS: run QGIS's own Python "
    "with pip, e.g. /Applications/QGIS.app/Contents/MacOS/bin/python3 -m pip install "
    "scikit-learn. The other LandCarbon algorithms work without it.")


def require_sklearn():
    """(sklearn module, RandomForestClassifier), or a LandCarbonError saying
    how to install scikit-learn."""
    try:
        import sklearn
        from sklearn.ensemble import RandomForestClassifier
    except ImportError as exc:
        raise LandCarbonError(
            "LEAS needs the Python package scikit-learn (random forests), which this Python "
            "cannot import (%s). %s" % (exc, INSTALL_SKLEARN)) from None
    return sklearn, RandomForestClassifier


def positive_probability(forest, X):
    """predict_proba of the positive class (1) as float64, bit for bit; 0
    when the forest never saw a positive, 1 when it saw only positives.

    scikit-learn's predict_proba takes, tree after tree, the leaf's class
    counts, divides them by their sum and adds the (cells, classes) result
    to a float64 sum, then divides by the number of trees. The same
    operations in the same order on the positive column only (a share per
    leaf, looked up by ``tree_.apply``) give the same bits and skip the
    second column and the per-call checks: 17 % less time on 100 deep
    trees."""
    classes = list(forest.classes_)
    if 1 not in classes:
        return np.zeros(len(X))
    column = classes.index(1)
    if len(classes) == 1:
        return np.ones(len(X))
    out = np.zeros(len(X))
    for tree in forest.estimators_:
        value = tree.tree_.value[:, 0, :]
        total = value.sum(axis=1)
        total[total == 0] = 1.0
        out += (value[:, column] / total)[tree.tree_.apply(X)]
    out /= len(forest.estimators_)
    return out


def predict_threaded(forests, X, pool, threads):
    """Positive-class probabilities of several forests on X (float32 rows),
    split into row chunks run in the thread pool. Each call uses n_jobs=1, so
    the trees are summed in a fixed order: byte-identical for any number of
    threads. Returns a list of float64 arrays (None for a None forest)."""
    n = len(X)
    parts = max(1, min(threads, n // MIN_CHUNK_ROWS))
    bounds = np.linspace(0, n, parts + 1).astype(np.int64)
    jobs = []
    for forest in forests:
        if forest is None or n == 0:
            jobs.append(None)
            continue
        forest.n_jobs = 1
        if parts == 1 or pool is None:
            jobs.append([positive_probability(forest, X)])
        else:
            jobs.append([pool.submit(positive_probability, forest, X[a:b])
                         for a, b in zip(bounds[:-1], bounds[1:])])
    out = []
    for forest, job in zip(forests, jobs):
        if job is None:
            out.append(None if forest is None else np.zeros(0))
        else:
            out.append(np.concatenate([j if isinstance(j, np.ndarray) else j.result()
                                       for j in job]))
    return out


def rmse(p, y, weights=None):
    """Root mean square error of probabilities ``p`` against 0/1 targets
    (weighted mean with ``weights``: the sample's design weights)."""
    return float(np.sqrt(np.average((np.asarray(p, np.float64) - y) ** 2, weights=weights)))


@dataclass
class Contribution:
    """Permutation contributions of the drivers to one class."""

    r0: float
    r: list                      # RMSE after permuting each driver
    shares: list                 # c_j, summing to 1 (or all 0)
    note: str = ""


def permutation_contributions(predict, X, y, permutations, weights=None):
    """c_j = max(r_j - r0, 0) / sum_m max(r_m - r0, 0) (docs/leas.md).

    ``predict(X)`` gives probabilities, ``y`` the 0/1 targets,
    ``permutations[j]`` the row order that replaces column j, ``weights``
    the rows' design weights (None: all 1). When no driver raises the
    error, every share is 0 and the note says so."""
    r0 = rmse(predict(X), y, weights)
    r = []
    for j, perm in enumerate(permutations):
        permuted = X.copy()
        permuted[:, j] = X[perm, j]
        r.append(rmse(predict(permuted), y, weights))
    gain = np.maximum(np.array(r) - r0, 0.0)
    total = gain.sum()
    if total > 0:
        return Contribution(r0, r, [float(v) for v in gain / total])
    return Contribution(r0, r, [0.0] * len(r),
                        "no driver raises the error when permuted: all contributions are 0")


def fit_forest(X, y, trees, mtry, random_state, threads, min_samples_leaf=1,
               sample_weight=None):
    """One binary RandomForestClassifier (threads, bootstrap, OOB);
    ``min_samples_leaf`` 1 grows every tree to pure leaves (PLUS);
    ``sample_weight``: the rows' design weights (None: all 1)."""
    _sk, forest_class = require_sklearn()
    forest = forest_class(n_estimators=trees, max_features=X.shape[1] if mtry == 0 else mtry,
                          min_samples_leaf=min_samples_leaf,
                          bootstrap=True, oob_score=bool(y.min() != y.max()),
                          n_jobs=threads, random_state=random_state)
    with warnings.catch_warnings():
        # with few trees some samples are never out of bag; handled in oob_accuracy
        warnings.simplefilter("ignore", UserWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        forest.fit(X, y, sample_weight=sample_weight)
    forest.n_jobs = 1
    return forest


def oob_accuracy(forest, y):
    """(share of correct out-of-bag votes, samples with an OOB vote, share
    of correct OOB votes among the positives); samples that were in the bag
    of every tree are left out (scikit-learn would count them as votes for
    class 0). None where there is no such sample."""
    decision = getattr(forest, "oob_decision_function_", None)
    if decision is None:
        return None, 0, None
    has = decision.sum(axis=1) > 0
    if not has.any():
        return None, 0, None
    correct = forest.classes_[np.argmax(decision[has], axis=1)] == y[has]
    positive = y[has] == 1
    return (float(np.mean(correct)), int(has.sum()),
            float(np.mean(correct[positive])) if positive.any() else None)


def resolve_threads(threads):
    return threads if threads and threads > 0 else (os.cpu_count() or 1)
