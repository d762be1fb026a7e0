"""Errors that stop a run with a message an analyst can act on.

Every input problem names the file, the row (as a spreadsheet shows it: the header is
row 1), the column and the offending value.
"""

from __future__ import annotations

from pipeline.messages import RUN, WHERE


class LkjipError(Exception):
    """Base class: the CLI prints these without a traceback and exits non-zero."""

    exit_code = 2


class InputError(LkjipError):
    """A raw or processed input that cannot be used as it is."""

    def __init__(self, file, message: str, *, row: int | None = None,
                 column: str | None = None, value: object = None):
        self.file = str(file)
        self.row = row
        self.column = column
        self.value = value
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(WHERE["row"].format(row=self.row))
        if self.column is not None:
            where.append(WHERE["column"].format(column=self.column))
        if self.value is not None:
            value = self.value.decode("utf-8", "replace") if isinstance(self.value, bytes) else self.value
            where.append(WHERE["value"].format(value=value))
        return ", ".join(where) + f": {self.message}"


class ValidationFailed(LkjipError):
    """Critical expectations failed: the run stops before any analysis."""

    exit_code = 3

    def __init__(self, findings: list):
        self.findings = findings
        lines = [RUN["validation_failed"].format(n=len(findings))]
        lines += [f"  - {f}" for f in findings]
        super().__init__("\n".join(lines))


class MissingInputs(LkjipError):
    """Inputs for a year are missing or incomplete; lists all of them at once."""

    def __init__(self, year: int, problems: list[str]):
        self.year = year
        # one problem once, in the order found (a file several parsers read is refused by each)
        self.problems = problems = list(dict.fromkeys(problems))
        lines = [RUN["inputs_incomplete"].format(year=year, n=len(problems))]
        lines += [f"  - {p}" for p in problems]
        super().__init__("\n".join(lines))
