"""The follow-up of a plan cycle: reading it (``data``), the history of a measure across
cycles (``history``), the reporting spreadsheets (``sheets``, ``formats``), and their way
back into the year files (``imports``, ``edit``).

The model is in ``nvptool.model.followup``; the rules in ``nvptool.rules`` (group
``follow-up``); the command line in ``nvptool.followup.cli``.
"""
