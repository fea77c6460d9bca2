"""core.common.random: the counter-based generator against splitmix64's
published reference outputs, and the properties the executors rely on."""

import numpy as np

from landcarbon.core.common import random as lcr


def test_mix_is_splitmix64():
    # Vigna's splitmix64.c seeded with 1234567: the first outputs are the
    # finaliser of the state after each increment (state, state + golden, ...)
    golden = 0x9E3779B97F4A7C15
    states = np.array([1234567, (1234567 + golden) % 2 ** 64, (1234567 + 2 * golden) % 2 ** 64],
                      dtype=np.uint64)
    assert lcr.mix(states).tolist() == [6457827717110365317, 3203168211198807973,
                                        9817491932198370423]


def test_a_draw_depends_only_on_seed_stream_step_and_index():
    index = np.arange(1000, dtype=np.uint64)
    whole = lcr.uniform(7, lcr.ROULETTE, 3, index)
    parts = np.concatenate([lcr.uniform(7, lcr.ROULETTE, 3, index[a:a + 137])
                            for a in range(0, 1000, 137)])
    np.testing.assert_array_equal(whole, parts)
    shuffled = np.random.default_rng(0).permutation(1000)
    np.testing.assert_array_equal(lcr.uniform(7, lcr.ROULETTE, 3, index[shuffled]),
                                  whole[shuffled])
    for other in ((8, lcr.ROULETTE, 3), (7, lcr.THRESHOLD, 3), (7, lcr.ROULETTE, 4)):
        assert (lcr.uniform(*other, index) != whole).mean() > 0.99


def test_uniform_and_normal_distributions():
    index = np.arange(200000, dtype=np.uint64)
    u32 = lcr.uniform(1, lcr.SEED_DRAW, 0, index)
    u64 = lcr.uniform(1, lcr.SEED_DRAW, 0, index, np.float64)
    assert u32.dtype == np.float32 and u64.dtype == np.float64
    for u in (u32, u64):
        assert u.min() >= 0.0 and u.max() < 1.0
        assert abs(u.mean() - 0.5) < 0.005 and abs(u.var() - 1 / 12) < 0.002
        counts = np.bincount((u * 10).astype(int), minlength=10)
        assert counts.min() > 0.97 * 20000 and counts.max() < 1.03 * 20000
    z = lcr.normal(1, lcr.THRESHOLD, 0, index)
    assert np.isfinite(z).all()
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1.0) < 0.01
    assert abs((np.abs(z) < 1.0).mean() - 0.6827) < 0.005
