"""Data-Docs-style validation page that opens offline.

GX's own Data Docs load Bootstrap, jQuery and fonts from CDNs, so they render as unstyled
text without a network. This page is built from the same validation outcomes and carries its
own CSS: per suite, every expectation with severity, success, observed value and the
unexpected rows (with the row's key columns). All data text is escaped.
"""

from __future__ import annotations

import html
import json

import pandas as pd

from pipeline.validate.findings import show
from pipeline.validate.gx import ExpectationOutcome

CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem;color:#222;max-width:80rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.3rem .45rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}
.sev-critical{background:#fde7ea}.sev-warning{background:#fff6dc}.meta{color:#555;font-size:.85rem}
.summary td{font-size:1rem}code{font-size:.8rem;white-space:pre-wrap}
details{margin:.2rem 0}
"""

MAX_ROWS = 50


def _e(value) -> str:
    return html.escape(show(value) if not isinstance(value, str) else value)


def _kwargs(outcome: ExpectationOutcome) -> str:
    return html.escape(json.dumps(outcome.kwargs, ensure_ascii=False, default=str))


def _unexpected(outcome: ExpectationOutcome, table: pd.DataFrame, keys: list[str]) -> str:
    idx = outcome.unexpected_index_list
    if not idx:
        return ""
    frame = table.reset_index(drop=True)
    cols = [c for c in keys if c in frame.columns]
    for c in (outcome.kwargs.get("column"), outcome.kwargs.get("column_A"), outcome.kwargs.get("column_B")):
        if c and c in frame.columns and c not in cols:
            cols.append(c)
    cols += [c for c in ("lokasi", "sumber_file", "sumber_baris") if c in frame.columns and c not in cols]
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in cols)
    body = "".join("<tr>" + "".join(f"<td>{_e(frame.iloc[int(i)][c])}</td>" for c in cols) + "</tr>"
                   for i in idx[:MAX_ROWS])
    more = f"<p class='meta'>… dan {len(idx) - MAX_ROWS} baris lain</p>" if len(idx) > MAX_ROWS else ""
    return (f"<details><summary>{len(idx)} baris tidak sesuai</summary>"
            f"<table><tr>{head}</tr>{body}</table>{more}</details>")


# A suite of tables this agency has no data for (pipeline.inputs.scope): listed, not run.
SKIPPED = "tidak dijalankan: tidak ada indikator yang memakai data tabelnya dan berkasnya tidak ada"


def render(year: int, outcomes: list[ExpectationOutcome], tables: dict, suites: dict,
           findings: dict) -> str:
    """The whole page as a string."""
    total = len(outcomes)
    failed = sum(not o.success for o in outcomes)
    parts = [f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
             f"<title>Validasi data {year}</title><style>{CSS}</style></head><body>",
             f"<h1>Validasi data LKjIP {year}</h1>",
             "<table class='summary'><tr><th>Ekspektasi dievaluasi</th><th>Berhasil</th><th>Gagal</th>"
             "<th>Temuan kritis</th><th>Peringatan</th></tr>",
             f"<tr><td>{total}</td><td>{total - failed}</td><td>{failed}</td>"
             f"<td>{len(findings['critical'])}</td><td>{len(findings['warnings'])}</td></tr></table>",
             "<p class='meta'>Dibangun dari hasil validasi Great Expectations (lihat "
             "<code>gx_results.json</code>); halaman ini tidak memerlukan koneksi internet.</p>"]
    # Which suites the gate ran, with their checksums: a reviewer can tell a weakened or
    # missing suite from the shipped one.
    parts.append("<h2 id='suite'>Suite ekspektasi yang dijalankan</h2><table><tr><th>Suite</th>"
                 "<th>Berkas</th><th>Tingkat</th><th>Ekspektasi</th><th>sha256</th></tr>")
    counts: dict[str, int] = {}
    for o in outcomes:
        counts[o.suite] = counts.get(o.suite, 0) + 1
    skipped = set(findings.get("suite_tidak_berlaku", ()))
    for name in sorted(suites):
        meta = suites[name]
        parts.append(f"<tr><td><a href='#{html.escape(name)}'>{html.escape(name)}</a></td>"
                     f"<td><code>{html.escape(str(meta.get('berkas', '')))}</code></td>"
                     f"<td>{html.escape(str(meta.get('severity', '')))}</td>"
                     f"<td>{counts.get(name, 0) if name not in skipped else SKIPPED}</td>"
                     f"<td><code>{html.escape(str(meta.get('sha256', '')))}</code></td></tr>")
    parts.append("</table>")
    by_suite: dict[str, list[ExpectationOutcome]] = {}
    for o in outcomes:
        by_suite.setdefault(o.suite, []).append(o)
    for name, items in by_suite.items():
        meta = suites[name]
        ok = all(o.success for o in items)
        parts.append(f"<h2 id='{html.escape(name)}'>{html.escape(name)} "
                     f"<span class='{'ok' if ok else 'fail'}'>{'✓' if ok else '✗'}</span></h2>")
        parts.append(f"<p class='meta'>Tabel <b>{html.escape(meta['table'])}</b> · tingkat "
                     f"<b>{html.escape(meta['severity'])}</b> · {html.escape(meta.get('alasan', ''))}</p>")
        parts.append("<table><tr><th>Ekspektasi</th><th>Keterangan</th><th>Hasil</th>"
                     "<th>Nilai teramati</th><th>Baris tidak sesuai</th></tr>")
        keys = list(meta.get("kunci") or [])
        for o in items:
            observed = o.result.get("observed_value")
            if observed is None and "unexpected_count" in o.result:
                observed = f"{o.result.get('unexpected_count')} dari {o.result.get('element_count')} baris"
            parts.append(
                f"<tr class='sev-{html.escape(o.severity) if not o.success else ''}'>"
                f"<td><code>{html.escape(o.type)}</code><br><code>{_kwargs(o)}</code></td>"
                f"<td>{html.escape(str(o.meta.get('cek', '')))}</td>"
                f"<td class='{'ok' if o.success else 'fail'}'>{'berhasil' if o.success else 'gagal'}</td>"
                f"<td>{_e(observed)}</td>"
                f"<td>{_unexpected(o, tables[o.table], list(o.meta.get('kunci') or keys))}</td></tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    return "\n".join(parts)
