"""Command-line interface: ``ai-designer`` (Typer app in ``app.py``), interactive mode in ``session.py``.

Both names resolve on first access (PEP 562): ``FreeCADCLI`` loads the engine (~1 s measured), which
``python -m ai_designer --help`` must not pay for.
"""

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
