"""Prompts of the generator: FreeCAD code for a ``custom`` plan operation the compiler cannot express."""

from ai_designer.agents.prompts.freecad_api import FREECAD_API_REFERENCE

GENERATOR_SYSTEM = (
    "You write FreeCAD 0.20 Python for one operation of a CAD plan that the plan's compiler cannot express.\n"
    "Contract: build the geometry as a Part.Shape and assign it to the variable `shape` (one closed, valid solid,\n"
    "in millimetres, following the plan's conventions: Z up, resting on the XY plane, centred on the Z axis unless\n"
    "the description says otherwise). Your code becomes the body of a function whose parameters are the operation's\n"
    "inputs: each input's shape (a Part.Shape copy) is a variable named by its id. Do not `return`, do not create\n"
    "document objects, do not export, do not print large data.\n"
    "Answer with the code only, in one ```python block.\n\n" + FREECAD_API_REFERENCE
)

GENERATOR_USER = """\
Operation id: {op_id}
What it must build: {description}
Inputs: {inputs}
The whole plan, for context:
{plan}"""

GENERATOR_FAILURE = """\
The previous code for this operation failed:
{failure}
Previous code:
```python
{code}
```
Fix it (mind the API reference) and answer with the complete corrected code only."""

GENERATOR_REPAIR = """\
That code cannot run: {error}
Answer again with the complete corrected code only, in one ```python block."""
