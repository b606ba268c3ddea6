"""Plan operations that live in one module each: schema, FreeCAD compilation, analytic extents and intent estimate.

The generic code (``freecad.codegen``, ``cad.extents``, ``planning.intent``) asks :mod:`ai_designer.ops.registry`
for an operation's entry before falling back to its older per-operation tables. Adding an operation of this kind
touches its own module, the ``Operation`` union in ``schemas.task_graph`` and its tests.
"""
