"""Command-line interface: ``ai-designer`` (Typer app in ``app.py``), interactive mode in ``session.py``."""

from typing import Any

__all__ = ["FreeCADCLI", "app", "main"]


def __getattr__(name: str) -> Any:
    if name == "FreeCADCLI":
        from ai_designer.cli.session import FreeCADCLI

        return FreeCADCLI
    if name in ("app", "main"):
        from ai_designer.cli import app as app_module

        return getattr(app_module, name)
    raise AttributeError(name)
