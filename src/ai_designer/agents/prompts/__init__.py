"""Prompts of the agents, as named constants (one module per agent) plus the FreeCAD 0.20 API reference.

Kept out of the agents' code so they can be read, reviewed and diffed as text. Nothing here calls a model.
"""
