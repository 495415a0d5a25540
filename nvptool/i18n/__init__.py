"""Translations: their state, coverage, and round-trip edits of the plan files."""
