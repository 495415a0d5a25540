"""Semantic differences between two plans, or two cycles of one plan."""
