"""Figures: percentiles and one printed line per figure."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_line(label: str, latencies: Sequence[float]) -> str:
    """p50/p95/p99/max in milliseconds."""
    parts = [f"p{p}={percentile(latencies, p) * 1000:.1f}" for p in (50, 95, 99)]
    top = max(latencies, default=math.nan) * 1000
    return f"{label}: latency ms {' '.join(parts)} max={top:.1f} (n={len(latencies)})"
