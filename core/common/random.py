"""Random numbers that do not depend on how a raster is cut.

Every draw is a pure function of (seed, stream, step, index): ``seed`` is the
user's RANDOM_SEED, ``stream`` names what the draw is for (thresholds,
roulette, tie-breaks ...), ``step`` is e.g. the iteration, and ``index`` the
global position of the cell (row * width + column, or a multiple of it when a
cell draws several numbers). The same seed therefore gives the same number
for a cell whether the raster is read in one piece, in strips of any height,
or in Dask chunks of any shape, and whatever order cells are visited in.

The function is a counter-based generator: a key is derived from (seed,
stream, step) with the splitmix64 finaliser (Steele, Lea & Flood 2014,
"Fast splittable pseudorandom number generators", OOPSLA), and the 64-bit
draw of a cell is the same finaliser applied to key XOR index. splitmix64's
finaliser is a bijection of 64-bit integers with full avalanche, so distinct
indices give distinct, statistically independent-looking draws (it passes
BigCrush as a generator). Uniform floats take the top 24 (float32) or 53
(float64) bits; normal draws invert the standard normal CDF.

Determinism contract: a draw never depends on any other draw, on array
shapes or on numpy's global state, so results are byte-identical for a seed
on every executor and machine (numpy's uint64 arithmetic wraps modulo 2^64
on every platform).
"""

import numpy as np
from scipy.special import ndtri

_GOLDEN = 0x9E3779B97F4A7C15
_MIX1 = 0xBF58476D1CE4E5B9
_MIX2 = 0x94D049BB133111EB
_MASK = (1 << 64) - 1

# Streams: one number per purpose, so that two purposes never share draws.
THRESHOLD = 1          # CARS: r1 of the threshold tau = delta^d * r1
SEED_DRAW = 2          # CARS: r of the new-seed rule, one per cell and class
ROULETTE = 3           # CARS: u of the roulette
TIE_BREAK = 4          # CARS: order of proposals with equal OP
BASELINE = 5           # accuracy: random baseline and nearest-patch ties
SAMPLE = 6             # accuracy / LEAS: Bernoulli samples of cells


def _mix_int(x):
    """splitmix64 finaliser on a Python int (for keys)."""
    x = (x + _GOLDEN) & _MASK
    x = ((x ^ (x >> 30)) * _MIX1) & _MASK
    x = ((x ^ (x >> 27)) * _MIX2) & _MASK
    return x ^ (x >> 31)


def key(seed, stream, step=0):
    """The 64-bit key of (seed, stream, step)."""
    k = _mix_int(int(seed) & _MASK)
    k = _mix_int(k ^ (int(stream) & _MASK))
    return _mix_int(k ^ (int(step) & _MASK))


def mix(values):
    """splitmix64 finaliser on a uint64 array (a new array)."""
    x = np.asarray(values, dtype=np.uint64) + np.uint64(_GOLDEN)
    x ^= x >> np.uint64(30)
    x *= np.uint64(_MIX1)
    x ^= x >> np.uint64(27)
    x *= np.uint64(_MIX2)
    x ^= x >> np.uint64(31)
    return x


def bits(seed, stream, step, index):
    """64 random bits per entry of ``index`` (any integer array >= 0)."""
    return mix(np.asarray(index, dtype=np.uint64) ^ np.uint64(key(seed, stream, step)))


def uniform(seed, stream, step, index, dtype=np.float32):
    """U[0, 1) per entry of ``index``: float32 from the top 24 bits, float64
    from the top 53 (every value exactly representable)."""
    b = bits(seed, stream, step, index)
    if np.dtype(dtype) == np.float64:
        return (b >> np.uint64(11)).astype(np.float64) * (1.0 / (1 << 53))
    return (b >> np.uint64(40)).astype(np.float32) * np.float32(1.0 / (1 << 24))


def normal(seed, stream, step, index, dtype=np.float32):
    """Standard normal per entry of ``index`` (inverse CDF of a float64
    uniform in (0, 1), so never infinite)."""
    b = bits(seed, stream, step, index)
    u = ((b >> np.uint64(11)).astype(np.float64) + 0.5) * (1.0 / (1 << 53))
    return ndtri(u).astype(dtype)
