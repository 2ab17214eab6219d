"""Problems found in the sources: each names a file, a line, a column, what is wrong and what to do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Characters that end a line (for a terminal, Python's splitlines or a CI runner) or steer a
# terminal. A file name or value holding them must never start a line of a message: CI reads a
# line starting with '::error' or '::add-mask::' as a command.
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r"}


def printable(text: str) -> str:
    """*text* on one line: line breaks and control characters shown escaped (\\n, \\x1b)."""
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str
    hint: str = ""

    def format(self) -> str:
        """One line, whatever the file name, message and hint hold (see printable)."""
        text = f"{self.file}:{self.line}:{self.column}: {self.message}"
        return printable(f"{text} — {self.hint}" if self.hint else text)


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


class RecordFailure(RuntimeError):
    """A stage (export, render) failed on one record: the message names the record and its file
    (*kind* '': on a page of no one record, which the stage names)."""

    def __init__(self, stage: str, kind: str, record_id: str, file: str, error: BaseException):
        self.kind, self.record_id, self.file = kind, record_id, file
        where = f" ({file})" if file else ""
        what = f" {kind} '{record_id}'{where}" if kind else ""  # (no record: a listing page)
        check = "check that record's values; please report this as a bug of the builder too" if kind else (
            "please report this as a bug of the builder")
        super().__init__(f"{stage}{what} failed: {error.__class__.__name__}: {error} — {check}")


class OnRecord:
    """``with briefing.on_record(stage, kind, id):`` around the work on one record: any error inside
    becomes a RecordFailure naming the record and where it is written (*locate*: kind, id →
    'file:line', asked only on failure). One per record, so nesting names the innermost record."""

    __slots__ = ("kind", "locate", "record_id", "stage")

    def __init__(self, stage: str, kind: str, record_id: str, locate):
        self.stage, self.kind, self.record_id, self.locate = stage, kind, record_id, locate

    def __enter__(self) -> None:
        return None

    def __exit__(self, _type, error, _traceback) -> bool:
        if isinstance(error, Exception) and not isinstance(error, (RecordFailure, BriefingError)):
            raise RecordFailure(self.stage, self.kind, self.record_id, self.locate(self.kind, self.record_id),
                                error) from error
        return False


def display_path(path: Path, root: Path | None) -> str:
    """Paths in messages are relative to the project, as an editor sees them (links not followed)."""
    if root is not None:
        for mine, base in ((path.absolute(), root.absolute()), (path.resolve(), root.resolve())):
            try:
                return mine.relative_to(base).as_posix()
            except ValueError:
                continue
    return path.as_posix()
