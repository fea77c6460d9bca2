"""The demand gates of CARS over proposals that stay where they were made
(Dask workers): the client exchanges counts, not proposals (docs/cars.md,
"Demand gates"; docs/cluster.md, "Gates from counts").

The gates (:func:`core.cars.rules.sweep_gates`) take an iteration's
proposals in the order of :func:`core.cars.rules.proposal_order` and accept
each one whose three rooms are open - the target's gain room, the source's
loss room and, for a new seed, the target's seed room - using one unit of
each. Between two moments where a room fills, every proposal whose rooms
are open is accepted. So the client only needs to know where in the order
each room fills:

1. every part (the proposals of one chunk, sorted in the gates' order)
   counts its open proposals by (room, key bin) over a key range
   (:func:`part_histogram`); the client sums the counts;
2. every bin before the first bin in which a room fills is accepted whole
   (a range and the set of open rooms: :class:`GatePlan`);
3. the client narrows into that bin with finer histograms until it holds at
   most FETCH_LIMIT proposals, fetches those (:func:`part_fetch`) and sweeps
   them exactly; then it goes on after the bin with the new rooms.

Rooms only ever close, so there are at most 3K + 1 such rounds of narrowing
(K classes). Client memory and traffic per round are (3K + 1) x BINS counts
and at most FETCH_LIMIT proposals, whatever the size of the map; the parts
then apply the plan themselves (:func:`part_accept`). The accepted cells are
exactly those of sweep_gates over every proposal (tests/test_cars_gates.py).

Sort key: one uint64 per proposal, non-decreasing in the gates' order
(kind, -OP, tie draw, position): kind (2 bits) | 2^32 - 1 - OP's float32
bits (OP >= 0, so its bits order like its value) | the top 30 bits of the
tie draw. Proposals with the same key are put in the full order once
fetched.
"""

from dataclasses import dataclass

import numpy as np

from ..common import random
from .rules import TWO_WAY, proposal_kind, proposal_order, sweep_gates

BINS = 1024
FETCH_LIMIT = 1 << 14
KEY_END = 1 << 64            # one past the largest key
TIE_BITS = 30


@dataclass
class Gates:
    """What the demand gates of one iteration need: the gaps (cells,
    demand - allocated, per class), the rooms (core.cars.rules.gate_rooms,
    seed rooms) and the tie-break draws' (RANDOM_SEED, step)."""

    gaps: np.ndarray
    gain: np.ndarray
    loss: np.ndarray
    seed_room: np.ndarray
    seed: int
    step: int

    @property
    def k(self):
        return len(self.gaps)

    def rooms(self):
        """(3K + 1,) int64: gain, loss, seed rooms and an always-open slot
        for proposals that are not seeds."""
        return np.concatenate([self.gain, self.loss, self.seed_room, [0]]).astype(np.int64)


@dataclass
class Conversions:
    """What the gates accepted in one iteration, per class (cells)."""

    gained: np.ndarray
    lost: np.ndarray
    seeds: np.ndarray           # of ``gained``, new seed cells

    @classmethod
    def none(cls, k):
        zeros = np.zeros(k, dtype=np.int64)
        return cls(zeros, zeros.copy(), zeros.copy())

    @property
    def cells(self):
        return int(self.gained.sum())


def _ranked(pos, src, dst, is_seed, op, gates):
    """The proposals the gates consider (the FLUS tolerance takes no new
    seeds) with their kind and tie-break draw: (pos, src, dst, is_seed, op,
    kind, tie)."""
    kind = proposal_kind(gates.gaps, src, dst)
    keep = ~(is_seed & (kind == TWO_WAY))
    pos, src, dst, is_seed, op, kind = (x[keep] for x in (pos, src, dst, is_seed, op, kind))
    return pos, src, dst, is_seed, op, kind, random.bits(gates.seed, random.TIE_BREAK,
                                                          gates.step, pos)


# ---------------------------------------------------------------------------
# All proposals in one place: the plain sequential reference
# ---------------------------------------------------------------------------

def select(proposals, gates):
    """The accepted conversions among ``proposals`` (a list of kernels.propose
    tuples): (pos, src, dst) sorted by position, and the Conversions; one
    sort and sweep over every proposal, the reference plan_gates is tested
    against (both engines use plan_gates over their parts)."""
    k = gates.k
    proposals = [p for p in proposals if p is not None and p[0].size]
    if not proposals:
        empty = np.zeros(0, dtype=np.int64)
        return (empty, empty, empty), Conversions.none(k)
    pos, src, dst, is_seed, op, kind, tie = _ranked(
        *(np.concatenate(p) for p in zip(*proposals)), gates)
    order = proposal_order(kind, op, tie, pos)
    take = order[sweep_gates(dst[order], src[order], is_seed[order], gates.gain, gates.loss,
                             gates.seed_room)]
    take = take[np.argsort(pos[take])]          # by position, whatever the engine's order
    pos, src, dst, is_seed = pos[take], src[take], dst[take], is_seed[take]
    return (pos, src, dst), Conversions(np.bincount(dst, minlength=k),
                                        np.bincount(src, minlength=k),
                                        np.bincount(dst[is_seed], minlength=k))


# ---------------------------------------------------------------------------
# Parts: the proposals of one chunk, where they were made
# ---------------------------------------------------------------------------

@dataclass
class Part:
    """One chunk's proposals: (pos, src, dst, seed) by ascending position,
    and, in the gates' order, their sort keys, their index in that order
    (``order``) and their room combination (``combo``: (dst * K + src) * 2 +
    seed, which decides with the open rooms whether a proposal is open)."""

    pos: np.ndarray             # int64 global flat positions, ascending
    src: np.ndarray
    dst: np.ndarray
    seed: np.ndarray            # bool: a new seed
    key: np.ndarray             # uint64, non-decreasing (gates' order)
    order: np.ndarray           # int32: index into pos, ... of each key
    combo: np.ndarray           # int16/int32, in the gates' order

    @property
    def size(self):
        return self.key.size

    def span(self, lo, hi):
        """The slice (in the gates' order) of the keys lo <= key < hi (hi up
        to KEY_END)."""
        a = int(np.searchsorted(self.key, np.uint64(lo), side="left"))
        b = self.size if hi >= KEY_END else int(np.searchsorted(self.key, np.uint64(hi),
                                                                side="left"))
        return slice(a, b)


def combo_slots(k):
    """(3, 2K^2): the three room slots of every room combination (target
    gain, source loss, target seed or the always-open slot 3K)."""
    combo = np.arange(2 * k * k)
    seed, src, dst = combo % 2, (combo // 2) % k, combo // (2 * k)
    return np.stack([dst, src + k, np.where(seed == 1, dst + 2 * k, 3 * k)])


def open_combos(open_, k):
    """Which room combinations have all three slots open."""
    slots = combo_slots(k)
    return open_[slots[0]] & open_[slots[1]] & open_[slots[2]]


def sort_keys(kind, op, tie):
    """The uint64 sort key of each proposal (see the module docstring)."""
    bits = (np.asarray(op, dtype=np.float32) + np.float32(0)).view(np.uint32)   # -0 -> +0
    return (np.asarray(kind, dtype=np.uint64) << np.uint64(62)) \
        | ((np.uint64(0xFFFFFFFF) - bits.astype(np.uint64)) << np.uint64(TIE_BITS)) \
        | (np.asarray(tie, dtype=np.uint64) >> np.uint64(64 - TIE_BITS))


def key_kind_op(key):
    """(kind int8, OP float32) back from sort keys (both are stored exactly)."""
    bits = np.uint64(0xFFFFFFFF) - ((key >> np.uint64(TIE_BITS)) & np.uint64(0xFFFFFFFF))
    return (key >> np.uint64(62)).astype(np.int8), bits.astype(np.uint32).view(np.float32)


def make_part(proposal, gates):
    """A Part from one chunk's kernels.propose tuple (or None)."""
    k = gates.k
    if proposal is None:
        cls = np.zeros(0, dtype=np.uint8)       # the smallest class type: no upcast
        proposal = (np.zeros(0, dtype=np.int64), cls, cls, np.zeros(0, dtype=bool),
                    np.zeros(0, dtype=np.float32))
    pos, src, dst, is_seed, op = proposal
    if pos.size > 1 and not (pos[1:] > pos[:-1]).all():
        by_pos = np.argsort(pos, kind="stable")
        pos, src, dst, is_seed, op = (x[by_pos] for x in (pos, src, dst, is_seed, op))
    pos, src, dst, is_seed, op, kind, tie = _ranked(pos, src, dst, is_seed, op, gates)
    key = sort_keys(kind, op, tie)
    order = _gates_order(key, tie, pos)
    combo = (dst[order].astype(np.int32) * k + src[order]) * 2 + is_seed[order]
    return Part(pos, src, dst, is_seed, key[order], order,
                combo.astype(np.int16 if 2 * k * k < (1 << 15) else np.int32))


def _gates_order(key, tie, pos):
    """The gates' order of proposals given by ascending position: by key (a
    stable sort keeps equal keys by position), then equal keys by the whole
    tie draw and the position."""
    order = np.argsort(key, kind="stable")
    ks = key[order]
    same = ks[1:] == ks[:-1]
    if same.any():
        run = np.zeros(ks.size, dtype=bool)
        run[1:] |= same
        run[:-1] |= same
        idx = np.flatnonzero(run)               # runs of equal keys, contiguous
        sub = order[idx]
        order[idx] = sub[np.lexsort((pos[sub], tie[sub], ks[idx]))]
    return order.astype(np.int32)


def part_histogram(part, lo, hi, width, bins, open_, k):
    """(3K + 1, bins) int64: the part's proposals with all rooms open and
    lo <= key < hi, counted by room slot and key bin (key - lo) // width."""
    return combo_to_slots(k) @ part_combo_counts(part, lo, hi, width, bins, open_, k)


def part_combo_counts(part, lo, hi, width, bins, open_, k):
    """(2K^2, bins) int64: as part_histogram, by room combination (sum these
    over the parts of a worker, then fold them to slots once)."""
    rows = part.span(lo, hi)
    combo = part.combo[rows]
    ok = open_combos(open_, k)[combo]
    b = ((part.key[rows][ok] - np.uint64(lo)) // np.uint64(width)).astype(np.int64)
    return np.bincount(combo[ok].astype(np.int64) * bins + b,
                       minlength=2 * k * k * bins).reshape(2 * k * k, bins)


def combo_to_slots(k):
    """(3K + 1, 2K^2) int64: 1 where a room combination uses a slot (counts
    by combination -> counts by slot)."""
    fold = np.zeros((3 * k + 1, 2 * k * k), dtype=np.int64)
    for slots in combo_slots(k):
        fold[slots, np.arange(2 * k * k)] = 1
    return fold


def part_fetch(part, lo, hi, open_, k):
    """The part's proposals with all rooms open and lo <= key < hi, as a
    tuple of arrays (key, pos, src, dst, seed)."""
    rows = part.span(lo, hi)
    ok = open_combos(open_, k)[part.combo[rows]]
    idx = part.order[rows][ok]
    return (part.key[rows][ok],) + tuple(x[idx] for x in (part.pos, part.src, part.dst,
                                                          part.seed))


def part_accept(part, plan, k):
    """The part's accepted conversions under ``plan`` (a GatePlan): (pos,
    src, dst, seed) by ascending position."""
    take = np.zeros(part.size, dtype=bool)
    for lo, hi, open_ in plan.ranges:
        rows = part.span(lo, hi)
        take[part.order[rows][open_combos(open_, k)[part.combo[rows]]]] = True
    if plan.chosen.size and part.size:
        at = np.minimum(np.searchsorted(part.pos, plan.chosen), part.size - 1)
        take[at[part.pos[at] == plan.chosen]] = True
    idx = np.flatnonzero(take)
    return part.pos[idx], part.src[idx], part.dst[idx], part.seed[idx]


def parts_histogram(parts, lo, hi, width, bins, open_, k, map_=map):
    """part_histogram summed over ``parts`` (counted by room combination,
    folded to slots once): a Dask worker's parts, or on one machine every
    part with ``map_`` a thread pool."""
    per_combo = sum(map_(lambda p: part_combo_counts(p, lo, hi, width, bins, open_, k), parts),
                    np.zeros((2 * k * k, bins), dtype=np.int64))
    return combo_to_slots(k) @ per_combo


def parts_fetch(parts, lo, hi, open_, k, map_=map):
    """part_fetch over ``parts``, concatenated (``map_`` as parts_histogram)."""
    return concat_fetched(*map_(lambda p: part_fetch(p, lo, hi, open_, k), parts))


def sum_arrays(*arrays):
    """The sum of count arrays (a reduction on the workers)."""
    return np.sum(arrays, axis=0)


def concat_fetched(*fetched):
    return tuple(np.concatenate(x) for x in zip(*fetched))


# ---------------------------------------------------------------------------
# The client: where each room fills, from counts
# ---------------------------------------------------------------------------

@dataclass
class GatePlan:
    """Which proposals the gates accept: those with lo <= key < hi whose
    three rooms are all in ``open_`` for one of the ``ranges``, and those at
    the positions ``chosen``; with the Conversions they make."""

    ranges: list
    chosen: np.ndarray
    conversions: Conversions
    rounds: int = 0


def plan_gates(histogram, fetch, gates, bins=None, limit=None):
    """The GatePlan of one iteration, exactly as sweep_gates over every
    proposal in the gates' order, from counts: ``histogram(lo, hi, width,
    bins, open_)`` the (3K + 1, bins) counts summed over the parts,
    ``fetch(lo, hi, open_)`` their open proposals in [lo, hi) (see
    part_histogram, part_fetch); ``bins`` (default BINS) per histogram,
    a bin of at most ``limit`` (default FETCH_LIMIT) proposals is fetched."""
    k = gates.k
    bins, limit = bins or BINS, limit or FETCH_LIMIT
    room = gates.rooms()
    used = np.zeros(room.size, dtype=np.int64)
    ranges, chosen = [], []
    lo, hi, rounds = 0, KEY_END, 0
    while lo < KEY_END:
        open_ = room - used > 0
        open_[-1] = True
        if not open_[:k].any():
            break                               # no class may gain: nothing more to accept
        width = -(-(hi - lo) // bins)
        counts = histogram(lo, hi, width, bins, open_)
        rounds += 1
        cum = np.cumsum(counts, axis=1)
        fills = (cum >= (room - used)[:, None]) & open_[:, None]
        fills[-1] = False
        full = np.flatnonzero(fills.any(axis=0))
        if full.size == 0:                      # nothing fills: take the whole range
            ranges.append((lo, hi, open_))
            used += cum[:, -1]
            lo, hi = hi, KEY_END
            continue
        b = int(full[0])
        if b:
            ranges.append((lo, lo + b * width, open_))
            used += cum[:, b - 1]
        a, c = lo + b * width, min(lo + (b + 1) * width, hi)
        if counts[:k, b].sum() > limit and c - a > 1:
            lo, hi = a, c                       # narrow into the bin
            continue
        got = fetch(a, c, open_)
        rounds += 1
        used += _sweep_fetched(got, room - used, chosen, gates)
        lo, hi = c, KEY_END
    gained, lost, seeds = used[:k], used[k:2 * k], used[2 * k:3 * k]
    return GatePlan(ranges, np.sort(np.concatenate(chosen)) if chosen
                    else np.zeros(0, dtype=np.int64),
                    Conversions(gained.copy(), lost.copy(), seeds.copy()), rounds)


def _sweep_fetched(fetched, room, chosen, gates):
    """Sweep the fetched proposals exactly (in the full order) with the
    rooms left; append the accepted positions to ``chosen``; returns the
    room units they used."""
    k = gates.k
    key, pos, src, dst, seed = fetched
    kind, op = key_kind_op(key)
    tie = random.bits(gates.seed, random.TIE_BREAK, gates.step, pos)
    order = proposal_order(kind, op, tie, pos)
    dst, src, seed = dst[order].astype(np.int64), src[order].astype(np.int64), seed[order]
    ok = sweep_gates(dst, src, seed, room[:k], room[k:2 * k], room[2 * k:3 * k])
    chosen.append(pos[order][ok])
    return (np.bincount(dst[ok], minlength=3 * k + 1)
            + np.bincount(src[ok] + k, minlength=3 * k + 1)
            + np.bincount(dst[ok & seed] + 2 * k, minlength=3 * k + 1))
