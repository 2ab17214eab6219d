"""What a review produces: a finding, and the passages it compares (where each stands)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from builder.load.quotes import normalise
from builder.problems import printable


@dataclass(frozen=True)
class Passage:
    """A quote as cited: where it stands in its document and in the YAML that cites it."""

    document: str
    quote: str
    document_file: str
    document_line: int
    yaml_file: str
    yaml_line: int
    says: str = ""  # what the finding compares, as this passage says it

    def where(self) -> str:
        return f"{self.document_file}:{self.document_line}"


@dataclass(frozen=True)
class Finding:
    kind: str
    subject: str  # the event id (the first event, for across-events)
    message: str
    passages: tuple[Passage, ...]
    file: str  # where the editor looks first (the event's YAML)
    line: int
    recorded: str = ""  # what the YAML records, when a quote is compared with it

    @property
    def id(self) -> str:
        # What each document says, not the quotes' exact wording: recording a finding (figures or
        # claims quoting the same documents' words again) keeps its id.
        parts = [self.kind, self.subject, self.recorded]
        parts += sorted({f"{p.document}\x00{p.says or normalise(p.quote)}" for p in self.passages})
        digest = hashlib.sha1("\x01".join(parts).encode("utf-8")).hexdigest()[:8]
        return f"{self.kind}:{self.subject}:{digest}"

    def format(self) -> str:
        lines = [f"{self.file}:{self.line}: {self.kind}: {self.message}  [{self.id}]"]
        for passage in self.passages:
            said = f" says {passage.says}:" if passage.says else ""
            cited = f"cited at {passage.yaml_file}:{passage.yaml_line}" if passage.yaml_file else "not cited"
            lines.append(f"    {passage.where()}{said} “{_clip(passage.quote)}” ({cited})")
        return "\n".join(map(printable, lines))  # data never starts a line (CI reads '::error')


def _clip(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"
