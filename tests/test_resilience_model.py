"""The thought-experiment model: hand-worked runs, and properties that must hold for every setting."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from learnorg import resilience_model as rm
from learnorg.resilience_model import second_shock_settings, simulate

delays = st.integers(min_value=0, max_value=12)
speeds = st.floats(min_value=1.0, max_value=40.0, allow_nan=False)
memories = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


# ------------------------------------------------------------------------------------------- by hand

def test_instant_detection_and_fast_recovery_by_hand():
    run = simulate(0, 20, 0)
    # month 6: 100 - 30 = 70; month 7: +20 = 90; month 8: 100 (capped)
    assert run.level[5:10] == (100, 70, 90, 100, 100)
    first = run.first
    assert (first.lowest, first.depth, first.trough_month) == (70, 30, 6)
    assert first.months_below_threshold == 1  # 90 is not below 90
    assert first.months_to_recover == 2
    assert first.services_lost == pytest.approx(0.4)  # (30 + 10) / 100


def test_slowest_settings_by_hand():
    first = simulate(6, 5, 0).first
    # falls 70, 60, ..., 10 in months 6-12, then climbs 5 a month: back to 100 in month 30
    assert first.lowest == 10 and first.trough_month == 12
    assert first.months_to_recover == 24
    assert first.months_below_threshold == 22  # months 6-27 are below 90
    # gaps 30..90 (7 months) then 85..5 (17 months): (420 + 765) / 100
    assert first.services_lost == pytest.approx(11.85)


def test_default_scenario_by_hand():
    run = simulate(3, 10, 0.5)
    assert second_shock_settings(3, 10, 0.5) == (2, 15.0)  # 1.5 months rounds up to 2; 10 x 1.5
    assert run.level[36:43] == (70, 60, 50, 65, 80, 95, 100)
    assert run.first.services_lost == pytest.approx(3.3)
    assert run.second.services_lost == pytest.approx(1.8)
    assert run.saving == pytest.approx(1.5)


def test_full_memory_means_instant_detection_and_double_speed():
    assert second_shock_settings(6, 5, 1.0) == (0, 10.0)
    second = simulate(6, 5, 1.0).second
    assert (second.lowest, second.months_to_recover) == (70, 3)


def test_no_memory_repeats_the_first_shock():
    run = simulate(4, 10, 0)
    a, b = run.first, run.second
    assert (a.depth, a.months_below_threshold, a.months_to_recover, a.services_lost) == \
        (b.depth, b.months_below_threshold, b.months_to_recover, b.services_lost)


def test_level_stays_between_zero_and_normal():
    run = simulate(12, 1, 0, impact=50, erosion=20)
    assert min(run.level) == 0 and max(run.level) == 100
    assert run.first.months_to_recover is None  # not back within the 30 months before the next shock


@pytest.mark.parametrize("bad", [dict(detection_delay=-1), dict(detection_delay=1.5), dict(detection_delay=True),
                                 dict(adaptation_speed=0), dict(memory=1.2), dict(memory=-0.1)])
def test_bad_settings_are_refused_with_a_clear_message(bad):
    args = {"detection_delay": 2, "adaptation_speed": 10, "memory": 0.5, **bad}
    with pytest.raises(ValueError, match=next(iter(bad))):
        simulate(**args)


def test_shocks_must_fall_inside_the_run():
    with pytest.raises(ValueError, match="inside the run"):
        simulate(2, 10, shock_months=(6, 80))


def test_explorer_grid_covers_every_setting_and_recovers_before_the_second_shock():
    grid = rm.scenario_grid()
    assert (len(grid), len(grid[0]), len(grid[0][0])) == (len(rm.DELAYS), len(rm.SPEEDS), len(rm.MEMORIES))
    for by_speed in grid:
        for by_memory in by_speed:
            for run in by_memory:
                assert run.level[rm.SHOCK_MONTHS[1] - 1] == rm.BASELINE  # every offered setting recovers in time
                assert run.second.services_lost <= run.first.services_lost


# ------------------------------------------------------------------------------------------- properties

def _measures(shock):
    recover = shock.months_to_recover if shock.months_to_recover is not None else 10**6
    return shock.depth, shock.months_below_threshold, recover, shock.services_lost


@settings(max_examples=150, deadline=None)
@given(delays, speeds, memories)
def test_a_longer_detection_delay_never_gives_a_shallower_or_shorter_fall(delay, speed, memory):
    shorter, longer = simulate(delay, speed, memory), simulate(delay + 1, speed, memory)
    for a, b in zip(_measures(shorter.first), _measures(longer.first)):
        assert b >= a
    assert longer.first.depth > shorter.first.depth or longer.first.lowest == 0
    assert longer.first.services_lost > shorter.first.services_lost


@settings(max_examples=150, deadline=None)
@given(delays, speeds, speeds, memories)
def test_faster_adaptation_never_makes_it_worse(delay, speed_a, speed_b, memory):
    slow, fast = sorted((speed_a, speed_b))
    slow_run, fast_run = simulate(delay, slow, memory), simulate(delay, fast, memory)
    for slow_shock, fast_shock in zip(slow_run.shocks, fast_run.shocks):
        for s, f in zip(_measures(slow_shock), _measures(fast_shock)):
            assert f <= s + 1e-9
    assert all(f >= s for s, f in zip(slow_run.level, fast_run.level))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=0, max_value=6), st.floats(min_value=5.0, max_value=40.0), memories)
def test_with_memory_the_second_shock_costs_no_more_than_the_first(delay, speed, memory):
    # Settings whose first shock is over before the second arrives (as in every scenario the explorer offers).
    run = simulate(delay, speed, memory)
    for a, b in zip(_measures(run.first), _measures(run.second)):
        assert b <= a + 1e-9
    delay_2, _speed_2 = second_shock_settings(delay, speed, memory)
    if memory >= 0.01 and (delay_2 < delay or run.first.depth > speed):  # something left to gain
        assert run.second.services_lost < run.first.services_lost


@settings(max_examples=150, deadline=None)
@given(delays, speeds, memories, memories)
def test_more_memory_never_makes_the_second_shock_worse(delay, speed, m1, m2):
    low, high = sorted((m1, m2))
    a, b = simulate(delay, speed, low).second, simulate(delay, speed, high).second
    for x, y in zip(_measures(a), _measures(b)):
        assert y <= x + 1e-9


@settings(max_examples=100, deadline=None)
@given(delays, speeds, memories)
def test_depth_is_the_impact_plus_erosion_while_nobody_responds(delay, speed, memory):
    first = simulate(delay, speed, memory).first
    assert first.depth == min(100, rm.IMPACT + delay * rm.EROSION)
    if first.lowest > 0:
        assert first.trough_month == rm.SHOCK_MONTHS[0] + delay
