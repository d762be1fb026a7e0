"""Turn expectation outcomes into findings an analyst can act on.

A finding (the record validation hands to the report, in findings.json) is
``{"severity", "check", "table", "column", "row_key", "value", "expected", "message", "source"}``.
Row-level expectations give one finding per unexpected row; the row's own columns fill the
message template of the expectation (``meta.pesan``, Python format fields such as
``{lokasi}: {kiri_teks} ≠ {kanan_teks}``), so wording lives in the suite files next to the
check it explains. Numbers are written Indonesian style.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.inputs.idnum import fmt_int, fmt_number, is_absent
from pipeline.validate.gx import ExpectationOutcome

PROVENANCE = ("sumber_file", "sumber_baris", "sumber_kolom")


def show(value) -> str:
    """A cell as words: Indonesian number notation, '–' for missing."""
    if is_absent(value):
        return "–"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (int, float)):
        if float(value).is_integer():
            return fmt_int(value)
        text = fmt_number(value, 4).rstrip("0")
        return text[:-1] if text.endswith(",") else text
    return str(value)


class Finding(dict):
    """A finding (plain dict for JSON) that prints as its message, for ValidationFailed."""

    def __str__(self) -> str:
        value = self["value"]
        shown = (", ".join(f"{k} {show(v)}" for k, v in value.items()) if isinstance(value, dict)
                 else show(value))
        return (f"{self['message']} [tabel {self['table']}, kolom {self['column']}, "
                f"kunci {self['row_key'] or '–'}, nilai {shown}]")


class _Fields(dict):
    def __missing__(self, key):
        return "{" + key + "}"


PLAIN = ("tahun", "no", "urutan")


def _show_field(key: str, value) -> str:
    """Years, ids and row numbers are labels, not quantities: no thousands separator."""
    plain = key in PLAIN or key.endswith("_id") or "baris" in key
    if plain and isinstance(value, (int, float)) and not isinstance(value, bool) \
            and not math.isnan(float(value)) and float(value).is_integer():
        return str(int(value))
    return show(value)


def _fields(row: dict, extra: dict) -> _Fields:
    fields = _Fields({k: _show_field(k, v) for k, v in row.items() if isinstance(k, str)})
    fields.update(extra)
    return fields


def _source(row: dict, suite_meta: dict, year: int | None) -> str:
    """Where the offending value comes from: the raw file/row/column when the table says so."""
    parts = []
    file = row.get("sumber_file")
    if is_absent(file) or file == "dihitung":
        file = suite_meta.get("sumber_file", "")
        file = file.format(year=year) if file and year is not None else file
    if file:
        parts.append(str(file))
    if not is_absent(row.get("sumber_baris")):
        parts.append(f"baris {int(row['sumber_baris'])}")
    if not is_absent(row.get("sumber_kolom")):
        parts.append(f"kolom '{row['sumber_kolom']}'")
    if not parts and row.get("lokasi"):
        parts.append(str(row["lokasi"]))
    return ", ".join(parts)


def _column(outcome: ExpectationOutcome) -> str:
    kw = outcome.kwargs
    if "column" in kw:
        return kw["column"]
    if "column_A" in kw:
        return f"{kw['column_A']}, {kw['column_B']}"
    if "column_list" in kw:
        return ", ".join(kw["column_list"])
    return ""


def _expected(outcome: ExpectationOutcome) -> str:
    if outcome.meta.get("harapan"):
        return str(outcome.meta["harapan"])
    kw = {k: v for k, v in outcome.kwargs.items() if k not in ("column", "column_A", "column_B")}
    return f"{outcome.type}({', '.join(f'{k}={v!r}' for k, v in kw.items())})"


def _row_key(row: dict, key_columns: list[str]) -> str:
    return " / ".join(_show_field(c, row.get(c)) for c in key_columns if c in row)


def findings_for(outcome: ExpectationOutcome, table: pd.DataFrame, suite_meta: dict,
                 year: int | None = None) -> list[dict]:
    """Findings of one failed expectation (empty when it succeeded)."""
    if outcome.success:
        return []
    column = _column(outcome)
    keys = list(outcome.meta.get("kunci") or suite_meta.get("kunci") or [])
    template = outcome.meta.get("pesan") or suite_meta.get("pesan")
    base = {"severity": outcome.severity, "check": f"{outcome.suite}: {outcome.meta.get('cek', outcome.type)}",
            "table": outcome.table, "column": column, "expected": _expected(outcome)}
    indexes = outcome.unexpected_index_list
    if not indexes:
        observed = outcome.result.get("observed_value")
        text = (template.format_map(_Fields(observed=show(observed), table=outcome.table, column=column))
                if template else
                f"tabel '{outcome.table}', kolom '{column}': teramati {show(observed)}, "
                f"diharapkan {base['expected']}")
        return [Finding({**base, "row_key": "", "value": _jsonable(observed), "message": text,
                         "source": suite_meta.get("sumber_file", "").format(year=year) if year else ""})]
    out = []
    frame = table.reset_index(drop=True)
    for index in indexes:
        row = frame.iloc[int(index)].to_dict()
        cols = [c.strip() for c in column.split(",") if c.strip()]
        value = row.get(cols[0]) if len(cols) == 1 else {c: _jsonable(row.get(c)) for c in cols}
        source = _source(row, suite_meta, year)
        extra = {"sumber": source, "table": outcome.table, "column": column,
                 "value": show(value) if not isinstance(value, dict) else
                 ", ".join(f"{c} {show(row.get(c))}" for c in cols)}
        if template:
            message = template.format_map(_fields(row, extra))
        else:
            where = source or f"tabel '{outcome.table}'"
            message = (f"{where}, kolom '{column}', {_row_key(row, keys) or f'baris data {int(index) + 1}'}: "
                       f"nilai {extra['value']} — diharapkan {base['expected']}")
        finding = Finding({**base, "row_key": _row_key(row, keys) or str(index),
                           "value": _jsonable(value), "message": message, "source": source})
        out.append(_for_people(finding, outcome, suite_meta, _fields(row, extra)))
    return out


def _for_people(finding: Finding, outcome: ExpectationOutcome, suite_meta: dict, fields: dict) -> Finding:
    """Plain-language fields for the report's Catatan Validasi (no file names or codes):
    ``uraian`` (what is wrong) and ``rincian`` (which row) from the expectation's templates
    ``meta.uraian``/``meta.rincian``, ``tempat`` (where in the
    published document) and ``dampak`` (what it changes) from the expectation or its suite."""
    for key in ("uraian", "rincian"):
        template = outcome.meta.get(key) or suite_meta.get(key)
        if template:
            finding[key] = template.format_map(fields)
    for key in ("tempat", "dampak"):
        text = outcome.meta.get(key) or suite_meta.get(key)
        if text:
            finding[key] = str(text)
    return finding


def _jsonable(value):
    if is_absent(value):
        return None
    if hasattr(value, "item"):
        try:
            return value.item()
        except (ValueError, TypeError):
            return str(value)
    if isinstance(value, (str, int, float, bool, dict, list)):
        return value
    return str(value)


def collect(outcomes: list[ExpectationOutcome], tables: dict[str, pd.DataFrame], suite_meta: dict,
            year: int | None = None) -> dict:
    """{"critical": [...], "warnings": [...]} in suite order."""
    result = {"critical": [], "warnings": []}
    for outcome in outcomes:
        for finding in findings_for(outcome, tables[outcome.table], suite_meta[outcome.suite], year):
            result["critical" if finding["severity"] == "critical" else "warnings"].append(finding)
    return result


FINDING_COLUMNS = {"check": "Pemeriksaan", "table": "Tabel", "row_key": "Baris", "message": "Pesan"}


def findings_html(findings: list[dict]) -> str:
    """Findings as an HTML table for the validation notebook: every message whole (no '…'
    cut-off, as a notebook's table display would), wrapped, left-aligned."""
    table = pd.DataFrame(findings, columns=list(FINDING_COLUMNS)).rename(columns=FINDING_COLUMNS)
    body = table.to_html(index=False, escape=True, na_rep="–", classes="lkjip-temuan", border=0)
    # !important: the notebook page's own table style right-aligns cells
    style = ("<style>table.lkjip-temuan td, table.lkjip-temuan th {white-space: normal !important; "
             "text-align: left !important; vertical-align: top !important; max-width: 40em}</style>")
    return style + body
