"""Keep the last good knowledge base and its matcher; reload without losing it on error."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.base import KnowledgeBase, load_knowledge
from bot.matching.ranking import Matcher


@dataclass(frozen=True, slots=True)
class Loaded:
    """A knowledge base together with the matcher indexed from it."""

    knowledge: KnowledgeBase
    matcher: Matcher


class KnowledgeHolder:
    """Serves the current knowledge base; a failed reload keeps the previous one."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.loaded = self._load()
        self.signature = self._signature()

    def _load(self) -> Loaded:
        knowledge = load_knowledge(self.directory)
        return Loaded(knowledge, Matcher(knowledge))

    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        return tuple(
            (path.name, stat.st_mtime_ns, stat.st_size)
            for path in sorted(self.directory.glob("*.yaml"))
            for stat in [path.stat()]
        )

    @property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base in service."""
        return self.loaded.knowledge

    @property
    def matcher(self) -> Matcher:
        """The matcher of the knowledge base in service."""
        return self.loaded.matcher

    def reload(self) -> KnowledgeBase:
        """Load the folder again; on KnowledgeError the previous base stays in service."""
        self.signature = self._signature()
        self.loaded = self._load()
        return self.loaded.knowledge

    def changed_on_disk(self) -> bool:
        """Tell whether a knowledge file was added, removed or modified since the last load."""
        return self._signature() != self.signature
