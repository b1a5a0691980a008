"""Stratified random samples of predictions for validation at a site, and the statistics to
extrapolate from them (Wilson intervals, sampling weights).

A sample has one stratum per suggested code, one per needs-review reason, and `no code` (the
notes where false negatives hide). `no code` gets a fixed share of the sample (by default 20%);
the rest is spread evenly over the other strata, a stratum smaller than its share giving the
remainder to the others, so that rare codes are checked as well as common ones. Within a
stratum the notes are a simple random sample (Python's `random.Random(seed)`, so the same seed,
file and size give the same sample). Notes in error are not sampled: they have no prediction.

Each sampled note stands for `population / sampled` notes of its stratum (its weight); figures
for the whole file are the weighted ones.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Optional, Sequence

NO_CODE = "no code"
ERROR = "error"
DEFAULT_NO_CODE_SHARE = 0.2
Z95 = 1.959963984540054


@dataclass
class Stratum:
    name: str
    population: int
    sampled: int = 0

    @property
    def weight(self) -> float:
        """How many notes of the file each sampled note stands for."""
        return self.population / self.sampled if self.sampled else 0.0


@dataclass
class Sample:
    size: int
    seed: int
    population: int
    no_code_share: float
    strata: list[Stratum] = field(default_factory=list)
    excluded_errors: int = 0
    chosen: list[int] = field(default_factory=list)  # record positions, ascending

    def describe(self) -> dict[str, Any]:
        """The sample as stored with each decision (and read back by `evaluate`)."""
        return {"size": len(self.chosen), "requested": self.size, "seed": self.seed, "population": self.population,
                "no_code_share": self.no_code_share, "excluded_errors": self.excluded_errors,
                "strata": [{"name": s.name, "population": s.population, "sampled": s.sampled} for s in self.strata]}


def allocate(sizes: Mapping[str, int], total: int, no_code_share: float = DEFAULT_NO_CODE_SHARE) -> dict[str, int]:
    """How many notes to draw from each stratum (see the module's docstring)."""
    wanted = {name: 0 for name in sizes}
    flagged = {name: n for name, n in sizes.items() if name != NO_CODE and n > 0}
    no_code = sizes.get(NO_CODE, 0)
    total = min(total, sum(flagged.values()) + no_code)
    if NO_CODE in sizes:
        wanted[NO_CODE] = min(no_code, int(round(total * no_code_share)))
    left = total - wanted.get(NO_CODE, 0)
    open_ = sorted(flagged, key=lambda name: (flagged[name], name))
    while left > 0 and open_:
        share = left // len(open_)
        if share == 0:  # fewer notes left than strata: one more each, largest strata first
            for name in sorted(open_, key=lambda name: (-(flagged[name] - wanted[name]), name))[:left]:
                wanted[name] += 1
            left = 0
            break
        for name in list(open_):
            take = min(share, flagged[name] - wanted[name])
            wanted[name] += take
            left -= take
            if wanted[name] >= flagged[name]:
                open_.remove(name)
    if left > 0 and NO_CODE in sizes:
        extra = min(left, no_code - wanted[NO_CODE])
        wanted[NO_CODE] += extra
    return wanted


def draw(strata_of: Sequence[str], size: int, seed: int, no_code_share: float = DEFAULT_NO_CODE_SHARE) -> Sample:
    """A stratified random sample of `size` records, given each record's stratum (`stratum_of`)."""
    members: dict[str, list[int]] = {}
    for position, name in enumerate(strata_of):
        members.setdefault(name, []).append(position)
    errors = len(members.pop(ERROR, []))
    wanted = allocate({name: len(m) for name, m in members.items()}, size, no_code_share)
    rng = random.Random(seed)
    sample = Sample(size=size, seed=seed, population=len(strata_of), no_code_share=no_code_share,
                    excluded_errors=errors)
    chosen: list[int] = []
    for name in sorted(members, key=lambda n: (n == NO_CODE, n)):
        picked = rng.sample(members[name], wanted[name])
        sample.strata.append(Stratum(name, len(members[name]), len(picked)))
        chosen.extend(picked)
    sample.chosen = sorted(chosen)
    return sample


def wilson(successes: float, trials: float, z: float = Z95) -> Optional[tuple[float, float]]:
    """Wilson score interval for a proportion (95% by default); None without trials.
    `trials` may be an effective sample size (not a whole number)."""
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def weighted_proportion(items: Iterable[tuple[float, float, float]]) -> Optional[dict[str, float]]:
    """A weighted proportion from (weight, successes, trials) per note, with a Wilson interval
    on Kish's effective sample size (sum of weighted trials squared over the sum of squared
    weights times trials). None when there are no trials."""
    total = hits = squares = 0.0
    for weight, successes, trials in items:
        total += weight * trials
        hits += weight * successes
        squares += weight * weight * trials
    if total <= 0:
        return None
    effective = total * total / squares
    low, high = wilson(hits / total * effective, effective)
    return {"estimate": hits / total, "low": low, "high": high, "effective_n": effective}
