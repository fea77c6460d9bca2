"""The demand gates from counts (core/cars/gates.py) accept exactly the
cells of the plain sequential sweep over every proposal in the gates'
order, the order written here as a Python sort on (kind, -OP, tie,
position) and the sweep as a loop (tests/test_cars.sequential_sweep): with
proposals spread over parts, few histogram bins and a small fetch limit (so
that every room's fill is found by narrowing), many equal OP and, with a
2-bit tie in the key, many equal keys."""

import numpy as np
import pytest
from test_cars import sequential_sweep

from landcarbon.core.cars import gates as cars_gates
from landcarbon.core.common import random


def _proposals(rng, n, k, levels):
    pos = rng.choice(10 * n, size=n, replace=False).astype(np.int64)
    src = rng.integers(0, k, n).astype(np.uint8)
    dst = ((src + rng.integers(1, k, n)) % k).astype(np.uint8)
    is_seed = rng.random(n) < 0.3
    op = rng.choice(np.linspace(0.0, 2.0, levels), size=n).astype(np.float32)
    return pos, src, dst, is_seed, op


def _gates(rng, k, n):
    gaps = rng.integers(-n // 4, n // 4, k)
    gain = np.where(rng.random(k) < 0.2, 0, rng.integers(1, n // 3, k))
    loss = rng.integers(0, n // 2, k)
    loss[0] = 10 ** 12                          # an unlimited room
    seed_room = rng.integers(0, n // 20, k)
    return cars_gates.Gates(gaps, gain, loss, seed_room, seed=7, step=(2030 << 32) | 3)


def _reference(proposals, gates):
    """Accepted positions, and gained / lost / seeds per class, by the plain loop."""
    pos, src, dst, is_seed, op = proposals
    kind = np.where(gates.gaps[src] < 0, np.where(gates.gaps[dst] > 0, 0, 2), 1)
    keep = ~(is_seed & (kind == 2))
    pos, src, dst, is_seed, op, kind = (x[keep] for x in (pos, src, dst, is_seed, op, kind))
    tie = random.bits(gates.seed, random.TIE_BREAK, gates.step, pos)
    order = sorted(range(pos.size),
                   key=lambda i: (int(kind[i]), -float(op[i]), int(tie[i]), int(pos[i])))
    ok = sequential_sweep(dst[order], src[order], is_seed[order], gates.gain, gates.loss,
                          gates.seed_room)
    took = np.array(order, dtype=np.int64)[ok]
    k = gates.k
    return (set(pos[took].tolist()), np.bincount(dst[took], minlength=k),
            np.bincount(src[took], minlength=k), np.bincount(dst[took][is_seed[took]],
                                                             minlength=k))


def _split(proposals, parts, rng):
    cut = np.sort(rng.choice(proposals[0].size, size=parts - 1, replace=False))
    return [tuple(x[a:b] for x in proposals) for a, b in zip(np.r_[0, cut],
                                                           np.r_[cut, proposals[0].size])]


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("tie_bits", [30, 2])
def test_plan_from_counts_accepts_the_cells_of_the_sequential_sweep(seed, tie_bits,
                                                                    monkeypatch):
    monkeypatch.setattr(cars_gates, "TIE_BITS", tie_bits)
    rng = np.random.default_rng(seed)
    k, n = 4 + seed % 3, 3000
    proposals = _proposals(rng, n, k, levels=5 + 40 * (seed % 2))
    gates = _gates(rng, k, n)
    want, gained, lost, seeds = _reference(proposals, gates)
    parts = [cars_gates.make_part(p, gates) for p in _split(proposals, 5, rng)]
    parts.append(cars_gates.make_part(None, gates))          # a chunk without proposals
    seen = []

    def histogram(lo, hi, width, bins, open_):
        out = cars_gates.sum_arrays(*[cars_gates.part_histogram(p, lo, hi, width, bins, open_, k)
                                      for p in parts])
        seen.append(out.nbytes)
        return out

    def fetch(lo, hi, open_):
        out = cars_gates.concat_fetched(*[cars_gates.part_fetch(p, lo, hi, open_, k)
                                          for p in parts])
        assert out[0].size <= 64 or tie_bits == 2      # narrowed down to the fetch limit
        seen.append(sum(x.nbytes for x in out))
        return out

    plan = cars_gates.plan_gates(histogram, fetch, gates, bins=4, limit=64)
    got = [cars_gates.part_accept(p, plan, k) for p in parts]
    accepted = np.concatenate([g[0] for g in got])
    assert set(accepted.tolist()) == want and accepted.size == len(want)
    np.testing.assert_array_equal(plan.conversions.gained, gained)
    np.testing.assert_array_equal(plan.conversions.lost, lost)
    np.testing.assert_array_equal(plan.conversions.seeds, seeds)
    assert plan.rounds > 3                                    # the narrowing was exercised
    # what the client received: counts per (room, bin) and short fetches
    assert max(seen) <= max((3 * k + 1) * 4 * 8, 64 * 19) or tie_bits == 2
    # the one-place path agrees
    (pos, _src, _dst), conversions = cars_gates.select(_split(proposals, 3, rng), gates)
    assert set(pos.tolist()) == want
    np.testing.assert_array_equal(conversions.gained, gained)


def test_sort_keys_follow_the_gates_order():
    kind = np.array([0, 0, 0, 1, 2, 0], dtype=np.int8)
    op = np.array([0.5, 0.5, 2.0, 9.0, 1.0, -0.0], dtype=np.float32)
    tie = np.array([3 << 40, 1 << 62, 5, 0, 0, 0], dtype=np.uint64)
    key = cars_gates.sort_keys(kind, op, tie)
    # by hand: net (kind 0) first by descending OP: 2.0, then the two 0.5 by tie, then -0 (= 0);
    # then the swap (kind 1), then the two-way flow (kind 2)
    assert list(np.argsort(key, kind="stable")) == [2, 0, 1, 5, 3, 4]
