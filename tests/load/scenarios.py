"""Load profiles and their success criteria (SPEC.md, Operations) — shared by the locustfile and its tests.

    STEADY_STATE      100 users, spawned at 10/s, 5 min
    COMPLEX_WORKLOAD   50 users, spawned at 5/s, 5 min, mostly multi-feature parts and refines
    SPIKE               0 → 200 users in 60 s, 2 min in all
    SMOKE              20 users, 10/s, 30 s — the bounded CI run (scripts/load_smoke.sh)

Every profile passes when the 95th percentile of the API's HTTP latency is under 10 s and fewer than 1 % of all
requests failed (HTTP errors, 429s, and designs that failed or did not finish within ``design_timeout_s``).
Figures and verdict are computed here from Locust's stats so they can be checked in code, not by eye.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Criteria", "LoadProfile", "PROFILES", "SIMPLE_PROMPTS", "COMPLEX_PROMPTS", "REFINE_PROMPTS",
           "DESIGN_METHOD", "get_profile", "refine_prompt_for", "summarize", "evaluate"]

DESIGN_METHOD = "DESIGN"  # Locust request_type of the synthetic create → finished events


@dataclass(frozen=True)
class Criteria:
    p95_ms: float = 10_000.0
    max_error_ratio: float = 0.01


@dataclass(frozen=True)
class LoadProfile:
    name: str
    users: int
    spawn_rate: float
    duration_s: int
    complex_share: float = 0.2
    design_timeout_s: float = 120.0
    criteria: Criteria = field(default_factory=Criteria)
    description: str = ""


PROFILES: dict[str, LoadProfile] = {
    p.name: p
    for p in (
        LoadProfile("STEADY_STATE", users=100, spawn_rate=10, duration_s=300,
                    description="100 users at 10/s for 5 min: the everyday load"),
        LoadProfile("COMPLEX_WORKLOAD", users=50, spawn_rate=5, duration_s=300, complex_share=0.7,
                    design_timeout_s=180.0, description="50 users at 5/s for 5 min, mostly multi-feature parts"),
        LoadProfile("SPIKE", users=200, spawn_rate=200 / 60, duration_s=120,
                    description="0 → 200 users in 60 s, held to 2 min"),
        LoadProfile("SMOKE", users=20, spawn_rate=10, duration_s=30, design_timeout_s=60.0,
                    description="20 users for 30 s: the bounded CI run"),
    )
}

SIMPLE_PROMPTS = (
    "a 40 x 30 x 10 mm block",
    "a 90 x 70 x 8 mm plate with four 5.5 mm corner holes 6 mm from the edges",
    "a cylinder 20 mm diameter and 30 mm tall",
    "a 50 mm cube with a 10 mm hole through the center",
    "a washer with 12 mm outer diameter, 6.4 mm inner diameter, 1.6 mm thick",
)
COMPLEX_PROMPTS = (
    "a flange 120 mm diameter, 12 mm thick, with a 40 mm center bore and 8 holes of 9 mm on a 90 mm circle",
    "a 100 x 60 x 20 mm block with 2 mm fillets on all edges and a 30 x 20 x 10 mm pocket in the top",
    "a spur gear with 24 teeth, module 2, 10 mm thick, with a 8 mm bore",
    "a tube 40 mm outer diameter, 3 mm wall, 80 mm long",
)
REFINE_PROMPTS = ("make it 12 mm thick", "add a 6 mm hole in the center")
_HAS_CENTER_HOLE = ("hole", "bore", "washer", "tube")


def refine_prompt_for(base_prompt: str, pick: int = 0) -> str:
    """An edit the offline planner can apply to ``base_prompt``'s part (no second hole where one already is)."""
    choices = [p for p in REFINE_PROMPTS
               if not ("hole" in p and any(word in base_prompt for word in _HAS_CENTER_HOLE))]
    return choices[pick % len(choices)]


def get_profile(name: str | None = None) -> LoadProfile:
    """The profile named by ``name`` or ``LOAD_PROFILE`` (default STEADY_STATE); ``LOAD_DURATION_S`` /
    ``LOAD_USERS`` shorten or shrink it (e.g. a bounded local run)."""
    key = (name or os.environ.get("LOAD_PROFILE") or "STEADY_STATE").strip().upper()
    if key not in PROFILES:
        raise SystemExit(f"unknown LOAD_PROFILE {key!r}: choose one of {', '.join(PROFILES)}")
    profile = PROFILES[key]
    overrides: dict[str, Any] = {}
    if os.environ.get("LOAD_DURATION_S"):
        overrides["duration_s"] = int(os.environ["LOAD_DURATION_S"])
    if os.environ.get("LOAD_USERS"):
        overrides["users"] = int(os.environ["LOAD_USERS"])
    if not overrides:
        return profile
    from dataclasses import replace

    return replace(profile, **overrides)


def summarize(stats: Any, elapsed_s: float) -> dict[str, Any]:
    """Figures from a ``locust.stats.RequestStats``: HTTP P50/P95/P99 (ms), error ratio, designs/s, design P95."""
    from locust.stats import StatsEntry

    http = StatsEntry(stats, "HTTP", "")
    for entry in stats.entries.values():
        if entry.method != DESIGN_METHOD:
            http.extend(entry)
    designs = [e for e in stats.entries.values() if e.method == DESIGN_METHOD]
    design_total = StatsEntry(stats, "DESIGN", DESIGN_METHOD)
    for entry in designs:
        design_total.extend(entry)
    total = stats.total
    finished_ok = design_total.num_requests - design_total.num_failures
    return {
        "requests": total.num_requests,
        "failures": total.num_failures,
        "error_ratio": (total.num_failures / total.num_requests) if total.num_requests else 0.0,
        "http_requests": http.num_requests,
        "http_p50_ms": http.get_response_time_percentile(0.50) if http.num_requests else 0.0,
        "http_p95_ms": http.get_response_time_percentile(0.95) if http.num_requests else 0.0,
        "http_p99_ms": http.get_response_time_percentile(0.99) if http.num_requests else 0.0,
        "http_rps": http.num_requests / elapsed_s if elapsed_s > 0 else 0.0,
        "designs_succeeded": finished_ok,
        "designs_failed": design_total.num_failures,
        "designs_per_s": finished_ok / elapsed_s if elapsed_s > 0 else 0.0,
        "design_p50_ms": design_total.get_response_time_percentile(0.50) if design_total.num_requests else 0.0,
        "design_p95_ms": design_total.get_response_time_percentile(0.95) if design_total.num_requests else 0.0,
        "elapsed_s": elapsed_s,
    }


def evaluate(summary: dict[str, Any], profile: LoadProfile) -> list[str]:
    """The criteria the run missed (empty list = pass)."""
    problems = []
    if summary["requests"] == 0:
        problems.append("no requests were made (is the server up at --host?)")
    if summary["http_p95_ms"] >= profile.criteria.p95_ms:
        problems.append(f"HTTP P95 {summary['http_p95_ms']:.0f} ms >= {profile.criteria.p95_ms:.0f} ms")
    if summary["error_ratio"] >= profile.criteria.max_error_ratio:
        problems.append(f"errors {100 * summary['error_ratio']:.2f} % >= "
                        f"{100 * profile.criteria.max_error_ratio:.2f} %")
    return problems
