"""The plan's model: pydantic models, one module per area of the plan.

These modules, and nvptool.config, do not postpone their annotations (no
``from __future__ import annotations``): pydantic would have to evaluate every
field's annotation from its text as each model is built, which cost the check's
start-up 3 ms. A model that names itself, or one defined below it, names it in
quotes (or as ``Self``).
"""
