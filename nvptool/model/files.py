"""The kinds of file a plan directory holds, by their ``kind:`` key."""

from pydantic import BaseModel

from nvptool.model.content import Chapter, Phenomenon, Theme
from nvptool.model.cycle import Cycle
from nvptool.model.followup import FollowUp, Indicators
from nvptool.model.reference import Glossary, Kiv, LegalRegister, Nvs

FILE_KINDS: dict[str, type[BaseModel]] = {
    "cycle": Cycle,
    "chapter": Chapter,
    "theme": Theme,
    "phenomenon": Phenomenon,
    "kiv": Kiv,
    "nvs": Nvs,
    "legal-register": LegalRegister,
    "glossary": Glossary,
    "indicators": Indicators,
    "follow-up": FollowUp,
}
"""Every plan file kind and its model; the JSON Schema files are named after the keys."""
