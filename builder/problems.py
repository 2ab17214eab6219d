"""Problems found in the sources: each names a file, a line, a column, what is wrong and what to do."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text


class BriefingError(Exception):
    """Raised when the sources have problems; carries all of them, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self) -> str:
        lines = [p.format() for p in self.problems]
        files = len({p.file for p in self.problems})
        lines.append(f"{len(self.problems)} problem(s) in {files} file(s); nothing was built.")
        return "\n".join(lines)


def display_path(path: Path, root: Path | None) -> str:
    """Paths in messages are relative to the project, as an editor sees them (links not followed)."""
    if root is not None:
        for mine, base in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
            try:
                return mine.relative_to(base).as_posix()
            except ValueError:
                continue
    return path.as_posix()
