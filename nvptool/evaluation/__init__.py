"""The mid-term and final evaluation of a plan cycle: a document generated for a chosen year.

`model` gathers what the report states, `formats` is the registry of its output
formats (the command line reads it at start-up, so this package imports nothing
else), `render` writes Markdown and PDF, and `make` is what `nvptool report` runs.
"""
