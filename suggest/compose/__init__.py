"""Reply composer: analysed message + handbook candidates -> reply drafts (no Django here)."""

from .composer import compose_drafts
from .types import Candidate, Draft, Situation, Voice

__all__ = ["Candidate", "Draft", "Situation", "Voice", "compose_drafts"]
