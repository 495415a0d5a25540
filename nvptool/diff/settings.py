"""The plan's settings (nvptool.yaml) compared: what a pull request turns on or off.

A rule ignored, a severity lowered, a language dropped or an address changed
changes what the check lets through and what the site publishes, without a
word of the plan changing; the diff shows it as the settings' own change.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from nvptool.config import Config, RuleSettings
from nvptool.diff.describe import show
from nvptool.diff.model import Change, FieldChange, ObjectChange

KIND = "settings"
LABEL = "nvptool.yaml"


def settings_change(old: Config, new: Config) -> ObjectChange | None:
    """The settings' change, field by field (rules.ignore, profiles.strict.select), if any."""
    fields = tuple(
        FieldChange(name, show(was), show(now))
        for name, was, now in _fields(old, new)
        if was != now
    )
    if not fields:
        return None
    return ObjectChange(KIND, (Change.modified,), LABEL, LABEL, LABEL, fields=fields)


def _fields(old: Config, new: Config) -> Iterator[tuple[str, Any, Any]]:
    for name in Config.model_fields:
        was, now = getattr(old, name), getattr(new, name)
        if name == "rules":
            yield from _rule_settings(name, was, now)
        elif name == "profiles":
            for profile in sorted({*was, *now}):
                empty = RuleSettings()
                yield from _rule_settings(
                    f"{name}.{profile}", was.get(profile, empty), now.get(profile, empty)
                )
        else:
            yield name, was, now


def _rule_settings(
    prefix: str, old: RuleSettings, new: RuleSettings
) -> Iterator[tuple[str, Any, Any]]:
    for name in RuleSettings.model_fields:
        was, now = getattr(old, name), getattr(new, name)
        if isinstance(was, dict):  # Severities: the ones that changed.
            keys = [key for key in {**was, **now} if was.get(key) != now.get(key)]
            was = {key: was[key] for key in keys if key in was}
            now = {key: now[key] for key in keys if key in now}
        yield f"{prefix}.{name}", was, now
