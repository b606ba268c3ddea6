"""Rich rendering for people (the ``--json`` path never goes through here)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from ai_designer.llm.catalog import ModelRow
from ai_designer.schemas.design_state import DesignResult, DesignStatus

__all__ = ["render_result", "render_analysis", "render_models", "status_style"]

_STYLE = {DesignStatus.succeeded: "bold green", DesignStatus.failed: "bold red", DesignStatus.rejected: "bold yellow",
          DesignStatus.cancelled: "yellow"}


def status_style(status: DesignStatus) -> str:
    return _STYLE.get(status, "cyan")


def render_result(console: Console, result: DesignResult) -> None:
    console.print(f"[{status_style(result.status)}]{result.status.value}[/] · request {result.request_id}"
                  f" · {result.iterations} iteration(s) · planner: {result.planner or '-'}"
                  f" · {result.timings.get('total', 0) * 1000:.0f} ms")
    if result.planner_reason:
        console.print(f"planner: {result.planner_reason}", highlight=False)
    if result.error:
        console.print(f"[red]{result.error.get('code')}[/]: {result.error.get('message')}", highlight=False)
        for example in result.error.get("examples") or []:
            console.print(f"  try: {example}", highlight=False)
    if result.plan is not None:
        console.print("[bold]Plan[/]")
        for line in result.plan.summary():
            console.print(f"  • {line}", highlight=False)
    if result.assumptions:
        console.print("[bold]Assumptions[/]")
        for line in result.assumptions:
            console.print(f"  • {line}", highlight=False)
    if result.ignored:
        console.print("[bold]Ignored words[/] (no geometric meaning)")
        for line in result.ignored:
            console.print(f"  • {line}", highlight=False)
    g = result.geometry
    if g is not None:
        table = Table(title="Geometry", show_header=False, box=None)
        table.add_row("bounding box", " × ".join(f"{v:.3f}" for v in g.bbox) + " mm")
        table.add_row("volume", f"{g.volume:,.3f} mm³")
        table.add_row("area", f"{g.area:,.3f} mm²")
        table.add_row("solids / faces", f"{g.solids} / {g.faces}")
        table.add_row("valid", "yes" if g.valid else "[red]no[/]")
        console.print(table)
    if result.validation is not None:
        checks = result.validation.checks
        shown = [c for c in checks if not c.passed or c.severity == "warning"]
        passed = sum(1 for c in checks if c.passed)
        console.print(f"[bold]Validation[/] {passed}/{len(checks)} checks passed")
        for check in shown:
            mark = "[yellow]![/]" if check.severity == "warning" else "[red]✗[/]"
            console.print(f"  {mark} {check.name}: {check.message} (expected {check.expected}, got {check.actual})",
                          highlight=False)
    if result.llm.calls:
        console.print(f"LLM: {result.llm.calls} call(s), {result.llm.tokens} tokens, ${result.llm.cost_usd:.4f}"
                      f" ({result.llm.cache_hits} cached"
                      + (f", {result.llm.cached_tokens} input tokens from the provider's prompt cache)"
                         if result.llm.cached_tokens else ")"))
    if result.files:
        console.print("[bold]Files[/]")
        for fmt, path in result.files.items():
            console.print(f"  {fmt:>5}  {path}", highlight=False)
    if result.preview is not None and result.preview.error:  # the model files are complete; only the picture is not
        console.print(f"[yellow]no preview[/]: {result.preview.error.get('message')}", highlight=False)


def render_analysis(console: Console, info: dict[str, Any]) -> None:
    console.print(f"[bold]{info.get('path', '')}[/]")
    objects = info.get("objects", [])
    if objects:
        table = Table(title="Objects")
        for col in ("name", "label", "type", "state"):
            table.add_column(col)
        for obj in objects:
            state = obj.get("state", "")
            table.add_row(str(obj.get("name", "")), str(obj.get("label", "")), str(obj.get("type", "")),
                          ", ".join(state) if isinstance(state, list) else str(state))
        console.print(table)
    params = info.get("parameters", {})
    if params:
        table = Table(title="Parameters")
        table.add_column("name")
        table.add_column("value")
        for key, value in (params.items() if isinstance(params, dict) else []):
            table.add_row(str(key), str(value))
        console.print(table)
    geometry = info.get("geometry")
    if geometry:
        console.print("[bold]Geometry[/]")
        for key, value in geometry.items():
            console.print(f"  {key}: {value}", highlight=False)


def _price(value: float | None) -> str:
    return "?" if value is None else f"${value:.5f}"


def render_models(console: Console, rows: list[ModelRow]) -> None:
    table = Table(title="Models (use any of them, or any litellm model, with `ai-designer design -m`)")
    for col in ("agent", "role", "model", "ready", "in / 1k", "out / 1k"):
        table.add_column(col)
    for row in rows:
        ready = "[green]yes[/]" if row.ready else f"[yellow]no[/] ({row.needs})"
        table.add_row(row.agent, row.role, row.model, ready, _price(row.input_per_1k_usd),
                      _price(row.output_per_1k_usd))
    console.print(table)
    console.print("ready = a key (the variable in brackets), an api_base (AGENT_*_API_BASE) or a local Ollama; "
                  "'?' = litellm has no price for this model.", highlight=False)
