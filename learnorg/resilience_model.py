"""A thought experiment, not evidence: a service indicator hit by two shocks, and the value of learning.

The model is deliberately small, so that a reader can check every number by hand. Time runs in months. A
service (say, monthly antenatal visits) runs at its normal level, 100% of normal, until a shock hits.

1. **The blow.** In the month the shock hits, the service falls by ``impact`` percentage points (30 by default).
   No ministry can prevent this part.
2. **Detection delay.** For the next ``detection_delay`` months nobody responds, because nobody has noticed or
   decided yet, and the service keeps falling by ``erosion`` points a month (10 by default): people stop coming,
   staff leave, stocks run out.
3. **Adaptation.** From then on the service climbs back by ``adaptation_speed`` points a month until it is back to
   normal (it never goes above normal).
4. **Memory.** A second shock, identical to the first, hits 30 months after the first. ``memory`` (0 to 1) is the
   share of the first shock's lessons that is still in use. It shortens the second detection delay to
   ``(1 - memory) * detection_delay`` months (rounded to the nearest whole month, halves up) and speeds up the
   second recovery to ``(1 + memory) * adaptation_speed`` points a month.

So the detection delay sets how deep the fall goes (depth = impact + delay x erosion), the speed of adaptation
sets how long the climb back takes, and memory makes both better the second time. Nothing in the model comes from
data: it shows what follows *if* these assumptions hold, and nothing about whether they hold in a real ministry.

Each shock is measured over the months from its start to the next shock (or the end of the run): its depth, the
months below 90% of normal, the months until the service is back to normal, and the services lost, counted in
*months of normal service* (a loss of 1.0 is as much as a whole month with no service at all).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

BASELINE = 100.0
THRESHOLD = 90.0
IMPACT = 30.0
EROSION = 10.0
SHOCK_MONTHS = (6, 36)
HORIZON = 66

# The settings offered by the interactive explorer (and precomputed for the static site).
DELAYS = (0, 1, 2, 3, 4, 5, 6)
SPEEDS = (5.0, 10.0, 15.0, 20.0)
MEMORIES = (0.0, 0.25, 0.5, 0.75, 1.0)
DEFAULT = {"detection_delay": 3, "adaptation_speed": 10.0, "memory": 0.5}


@dataclass(frozen=True)
class ShockResult:
    """What one shock did, measured from the month it hit until the next shock (or the end of the run)."""

    shock_month: int
    detection_delay: int
    adaptation_speed: float
    lowest: float
    trough_month: int
    months_below_threshold: int
    months_to_recover: int | None
    services_lost: float

    @property
    def depth(self) -> float:
        """Percentage points below normal at the lowest point."""
        return BASELINE - self.lowest


@dataclass(frozen=True)
class Run:
    """One run of the model: the settings, the monthly level (% of normal) and one result per shock."""

    detection_delay: int
    adaptation_speed: float
    memory: float
    level: tuple[float, ...]
    shocks: tuple[ShockResult, ...] = field(default_factory=tuple)

    @property
    def first(self) -> ShockResult:
        return self.shocks[0]

    @property
    def second(self) -> ShockResult:
        return self.shocks[1]

    @property
    def saving(self) -> float:
        """Months of normal service the second shock cost less than the first (negative if it cost more)."""
        return self.first.services_lost - self.second.services_lost


def second_shock_settings(detection_delay: int, adaptation_speed: float, memory: float) -> tuple[int, float]:
    """The detection delay and adaptation speed for the second shock, given what is remembered of the first."""
    _check(detection_delay, adaptation_speed, memory)
    delay = math.floor((1 - memory) * detection_delay + 0.5)
    return delay, float(adaptation_speed) * (1 + memory)


def _check(detection_delay: int, adaptation_speed: float, memory: float) -> None:
    if isinstance(detection_delay, bool) or int(detection_delay) != detection_delay or detection_delay < 0:
        raise ValueError(f"detection_delay must be a whole number of months, 0 or more (got {detection_delay!r})")
    if not adaptation_speed > 0:
        raise ValueError(f"adaptation_speed must be more than 0 points a month (got {adaptation_speed!r})")
    if not 0 <= memory <= 1:
        raise ValueError(f"memory must be between 0 and 1 (got {memory!r})")


def simulate(
    detection_delay: int,
    adaptation_speed: float,
    memory: float = 0.0,
    *,
    impact: float = IMPACT,
    erosion: float = EROSION,
    shock_months: tuple[int, ...] = SHOCK_MONTHS,
    horizon: int = HORIZON,
) -> Run:
    """Run the model for ``horizon`` months with shocks at ``shock_months`` (see the module's description).

    The first shock uses ``detection_delay`` and ``adaptation_speed``; every later shock uses the settings of
    :func:`second_shock_settings`. The level never goes below 0 or above normal (100).
    """
    _check(detection_delay, adaptation_speed, memory)
    if impact < 0 or erosion < 0:
        raise ValueError("impact and erosion cannot be negative")
    shocks = tuple(sorted(shock_months))
    if not shocks or shocks[0] < 1 or shocks[-1] >= horizon:
        raise ValueError("every shock must fall inside the run, after month 0")
    later = second_shock_settings(detection_delay, adaptation_speed, memory)
    settings = [(int(detection_delay), float(adaptation_speed))] + [later] * (len(shocks) - 1)

    level = [BASELINE] * horizon
    current: tuple[int, int, float] | None = None  # (shock month, delay, speed) of the latest shock
    for t in range(1, horizon):
        previous = level[t - 1]
        if t in shocks:
            delay, speed = settings[shocks.index(t)]
            current = (t, delay, speed)
            value = previous - impact
        elif current is None:
            value = previous
        elif t <= current[0] + current[1]:
            value = previous - erosion
        else:
            value = previous + current[2]
        level[t] = min(BASELINE, max(0.0, value))

    results = []
    for k, (start, (delay, speed)) in enumerate(zip(shocks, settings)):
        end = shocks[k + 1] if k + 1 < len(shocks) else horizon
        window = level[start:end]
        lowest = min(window)
        back = next((t for t in range(start + 1, end) if level[t] >= BASELINE), None)
        results.append(ShockResult(
            shock_month=start,
            detection_delay=delay,
            adaptation_speed=speed,
            lowest=lowest,
            trough_month=start + window.index(lowest),
            months_below_threshold=sum(v < THRESHOLD for v in window),
            months_to_recover=None if back is None else back - start,
            services_lost=round(sum(BASELINE - v for v in window) / BASELINE, 10),
        ))
    return Run(int(detection_delay), float(adaptation_speed), float(memory), tuple(level), tuple(results))


def scenario_grid(
    delays: tuple[int, ...] = DELAYS,
    speeds: tuple[float, ...] = SPEEDS,
    memories: tuple[float, ...] = MEMORIES,
) -> list[list[list[Run]]]:
    """Every combination of the explorer's settings, indexed ``[delay][speed][memory]``."""
    return [[[simulate(d, s, m) for m in memories] for s in speeds] for d in delays]


def memory_comparison(detection_delay: int, adaptation_speed: float, memories=(0.0, 0.5, 1.0)) -> list[Run]:
    """Runs that differ only in memory: the same two shocks, with less or more remembered from the first."""
    return [simulate(detection_delay, adaptation_speed, m) for m in memories]
