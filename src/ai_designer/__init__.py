"""ai-designer: natural language to validated, parametric FreeCAD models.

Usage::

    from ai_designer import Designer
    result = Designer().design("a 90 x 70 x 8 mm plate with four 5.5 mm corner holes", out_dir="out")
    print(result.status, result.geometry.volume)

Nothing heavy is imported here: ``Designer`` is resolved on first access (PEP 562) because every
``ai_designer.*`` import runs this file, and the engine costs ~1 s to import (measured).
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["Designer", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Designer":
        from ai_designer.designer import Designer

        return Designer
    raise AttributeError(name)
