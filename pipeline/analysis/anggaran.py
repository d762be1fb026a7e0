"""Bab III 3.3 Realisasi Anggaran: the budget tree, per urusan, absorption bands, program indicators.

Every subtotal is a roll-up of ``anggaran_subkegiatan`` (one row per sub-kegiatan: sasaran_id,
urusan, program, kegiatan, sub_kegiatan, pagu, realisasi); published subtotals are never read
here (the validation compares them). Serapan = realisasi / pagu × 100, unrounded.
"""

from __future__ import annotations

import math

import pandas as pd

from pipeline.analysis.sentences import count_sentence, operands, unusual_capaian
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import fmt_number, fmt_percent, fmt_rupiah, is_absent, is_number
from pipeline.measure import budget as budget_measure
from pipeline.measure import engine, indicators
from pipeline.sections import charts
from pipeline.sections.model import Section
from pipeline.validate import recompute

MONEY = {"Pagu (Rp)": "rupiah", "Realisasi (Rp)": "rupiah", "Serapan (%)": "percent"}
LEVEL_LABELS = {"sasaran": "Sasaran", "program": "Program", "kegiatan": "Kegiatan",
                "sub_kegiatan": "Sub Kegiatan", "total": "Jumlah"}
BAND_EDGES = budget_measure.ABSORPTION_EDGES
# indicator_table's status values, as the count sentence names them (every status: counts add up)
STATUS_WORDS = (("sama", "hasil hitung ulangnya sama dengan angka yang dipublikasikan"),
                ("berbeda", "berbeda dengan angka yang dipublikasikan"),
                ("tidak terbaca", "angka publikasinya tidak terbaca"),
                ("tidak dihitung", "tidak dapat dibandingkan (target atau realisasi bukan angka, atau tidak "
                                   "ada angka yang dipublikasikan)"))
SOURCE = "Realisasi anggaran per sub kegiatan (DPA/SIPD); dijumlahkan per tingkat"


def _number(value) -> float:
    return math.nan if is_absent(value) else float(value)


def totals(sub: pd.DataFrame) -> dict:
    """{"pagu", "realisasi", "serapan"} of the rows of ``sub`` summed (results/anggaran.json; each
    row of the budget tree): budget_measure.total, not rollup's frame for every one of the
    tree's rows (0,18 s a tree against 0,05 s)."""
    pagu, realisasi = budget_measure.total(sub)
    return {"pagu": pagu, "realisasi": realisasi,
            "serapan": _number(budget_measure.serapan_rate(pagu, realisasi))}


def _row(tingkat: str, sasaran_id, uraian: str, part: pd.DataFrame) -> dict:
    return {"sasaran_id": sasaran_id, "tingkat": tingkat, "uraian": uraian, **totals(part)}


def budget_tree(sub: pd.DataFrame, with_sasaran: bool = True,
                sasaran_names: dict | None = None) -> pd.DataFrame:
    """Sasaran → program → kegiatan → sub-kegiatan rows, each a roll-up of its sub-kegiatan.

    Order is the order of first appearance in the input (the DPA's order); the last row is
    the total. Columns: sasaran_id, tingkat, uraian, pagu, realisasi, serapan.
    """
    names = sasaran_names or {}
    rows = []
    for sid, s_part in sub.groupby("sasaran_id", sort=False):
        if with_sasaran:
            label = f"Jumlah Anggaran Sasaran {sid}"
            if names.get(int(sid)):
                label += f" – {names[int(sid)]}"
            rows.append(_row("sasaran", int(sid), label, s_part))
        for program, p_part in s_part.groupby("program", sort=False):
            rows.append(_row("program", int(sid), program, p_part))
            for kegiatan, k_part in p_part.groupby("kegiatan", sort=False):
                rows.append(_row("kegiatan", int(sid), kegiatan, k_part))
                for index in k_part.index:
                    rows.append(_row("sub_kegiatan", int(sid), k_part.at[index, "sub_kegiatan"],
                                     k_part.loc[[index]]))
    rows.append(_row("total", None, "Jumlah", sub))
    return pd.DataFrame(rows)


def tree_for_display(tree: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({
        "Sasaran": [("" if pd.isna(s) else str(int(s))) for s in tree["sasaran_id"]],
        "Tingkat": [LEVEL_LABELS[t] for t in tree["tingkat"]],
        "Uraian": tree["uraian"],
        "Pagu (Rp)": tree["pagu"], "Realisasi (Rp)": tree["realisasi"], "Serapan (%)": tree["serapan"],
    })
    return out


def counts(sub: pd.DataFrame) -> dict:
    """Numbers of programs, kegiatan (within their program) and sub-kegiatan."""
    return {"program": int(sub["program"].nunique()),
            "kegiatan": int(sub[["program", "kegiatan"]].drop_duplicates().shape[0]),
            "sub_kegiatan": int(len(sub))}


def per_urusan(sub: pd.DataFrame) -> pd.DataFrame:
    """One row per urusan (order of appearance) plus a total: counts, pagu, realisasi, serapan."""
    rows = []
    sums = budget_measure.rollup(sub, "urusan")
    for _, r in sums.iterrows():
        c = counts(sub[sub["urusan"] == r["urusan"]])
        rows.append({"urusan": r["urusan"], **c, "pagu": int(r["pagu"]), "realisasi": int(r["realisasi"]),
                     "serapan": _number(r["serapan"])})
    rows.append({"urusan": "Jumlah", **counts(sub), **totals(sub)})
    return pd.DataFrame(rows)


def bands(sub: pd.DataFrame, edges=BAND_EDGES) -> pd.DataFrame:
    """Sub-kegiatan per urusan (plus a 'Jumlah' row) by absorption band, lowest band first.

    Columns: urusan, one column per band label (budget_measure.absorption_bands' 'pita'), jumlah.
    """
    long = pd.concat([budget_measure.absorption_bands(sub, edges, by="urusan"),
                      budget_measure.absorption_bands(sub, edges, by=None).assign(urusan="Jumlah")])
    wide = long.pivot_table(index="urusan", columns="pita", values="jumlah", aggfunc="sum", sort=False)
    labels = list(dict.fromkeys(long["pita"]))
    wide = wide[labels].astype(int).reset_index()
    wide.columns.name = None
    wide["jumlah"] = wide[labels].sum(axis=1)
    return wide


def band_sentence(row: pd.Series, edges=BAND_EDGES) -> str:
    """'Dari 24 sub kegiatan, 16 sub kegiatan menyerap ≥ 90%, 7 antara 80% dan 90% dan 1 di bawah 80%.'"""
    edges = [fmt_number(e, 0 if float(e).is_integer() else 2) for e in edges]
    labels = [c for c in row.index if c not in ("urusan", "jumlah")]
    words = [f"di bawah {edges[0]}%"]
    words += [f"antara {lo}% dan {hi}%" for lo, hi in zip(edges, edges[1:])]
    words.append(f"menyerap ≥ {edges[-1]}%")
    parts = [(f"{int(row[label])} {word}" if int(row[label]) else f"tidak ada yang {word.replace('menyerap ', '')}")
             for label, word in zip(labels, words)][::-1]
    parts[0] = parts[0].replace(" menyerap", " sub kegiatan menyerap", 1)
    return f"Dari {int(row['jumlah'])} sub kegiatan, " + ", ".join(parts[:-1]) + " dan " + parts[-1] + "."


def urusan_paragraph(row) -> str:
    return (f"Urusan {row['urusan']} terdiri dari {row['program']} program, {row['kegiatan']} kegiatan dan "
            f"{row['sub_kegiatan']} sub kegiatan, dengan pagu {fmt_rupiah(row['pagu'])} dan realisasi "
            f"{fmt_rupiah(row['realisasi'])} (serapan {fmt_percent(row['serapan'])}).")


def lowest_subkegiatan(sub: pd.DataFrame) -> pd.Series:
    rates = [budget_measure.serapan_rate(p, r) for p, r in zip(sub["pagu"], sub["realisasi"])]
    return sub.assign(serapan=rates).sort_values("serapan", kind="stable").iloc[0]


def program_chart(tree: pd.DataFrame, reference: float = BAND_EDGES[1]):
    programs = tree[tree["tingkat"] == "program"]
    return charts.barh(list(programs["uraian"]), [float(v) for v in programs["serapan"]],
                       xlabel="Serapan anggaran (%)", reference=reference,
                       reference_label=f"{fmt_number(reference, 0)}%",
                       xmax=max(110.0, float(programs["serapan"].max()) * 1.1 if len(programs) else 110.0))


# -- Tabel 3.26: program and kegiatan indicators -----------------------------------------------

def indicator_capaian(target, realisasi, target_teks="", realisasi_teks="",
                      ordinal: dict | None = None) -> float:
    """realisasi / target × 100 where both are numbers; grades by the declared order; else NaN."""
    numeric = engine.program_capaian(target, realisasi)
    if not math.isnan(numeric):
        return numeric
    t, r = str(target_teks or "").strip(), str(realisasi_teks or "").strip()
    if ordinal and t in ordinal and r in ordinal:
        return engine.capaian(t, r, "ordinal", ordinal)
    return math.nan


def published_matches(published: float, decimals, computed: float) -> bool:
    """A published figure matches when the computed value, rounded half-up the way the figure
    was written (its number of decimals), equals it. The guard against float noise keeps
    112,125 (89,70 / 80 × 100) rounding to 112,13 as it was published."""
    return recompute.rounds_to(published, decimals, computed)


def indicator_table(ind: pd.DataFrame, levels=("program", "kegiatan"),
                    ordinal: dict | None = None) -> pd.DataFrame:
    """Program/kegiatan indicators with capaian recomputed next to the published percentage.

    Columns: sasaran_id, tingkat, nama, indikator, target_teks, realisasi_teks, capaian,
    persen_teks, persen_dilaporkan, status ('sama', 'berbeda', 'tidak terbaca', 'tidak dihitung').
    """
    part = ind[ind["tingkat"].isin(levels)]
    rows = []
    for _, r in part.iterrows():
        cap = indicator_capaian(r.get("target"), r.get("realisasi"), r.get("target_teks"),
                                r.get("realisasi_teks"), ordinal)
        published, teks = r.get("persen_dilaporkan"), r.get("persen_teks")
        if math.isnan(cap):
            status = "tidak dihitung"
        elif not is_number(published):
            status = "tidak terbaca" if str(teks or "").strip() else "tidak dihitung"
        else:
            status = "sama" if published_matches(published, r.get("desimal"), cap) else "berbeda"
        rows.append({"sasaran_id": r.get("sasaran_id"), "tingkat": r["tingkat"], "nama": r["nama"],
                     "indikator": r["indikator"], "target_teks": r.get("target_teks"),
                     "realisasi_teks": r.get("realisasi_teks"), "capaian": cap, "persen_teks": teks,
                     "persen_dilaporkan": published if is_number(published) else math.nan,
                     "status": status})
    return pd.DataFrame(rows)


def _text(value) -> str:
    return "" if is_absent(value) else str(value)


def indicator_notes(table: pd.DataFrame) -> list[str]:
    notes = []
    for _, r in table[table["status"] == "berbeda"].iterrows():
        notes.append(f"{r['nama']} – {r['indikator']}: dipublikasikan {_text(r['persen_teks'])}, "
                     f"hasil hitung ulang {fmt_percent(r['capaian'])} "
                     f"({_text(r['realisasi_teks'])} / {_text(r['target_teks'])} × 100).")
    for _, r in table[table["status"] == "tidak terbaca"].iterrows():
        notes.append(f"{r['nama']} – {r['indikator']}: angka yang dipublikasikan "
                     f"“{_text(r['persen_teks'])}” tidak dapat dibaca sebagai angka; "
                     f"hasil hitung ulang {fmt_percent(r['capaian'])}.")
    return notes


# -- the section ---------------------------------------------------------------------------------

def build(tables: dict, year: int) -> tuple[Section, dict]:
    """The 'anggaran' section and results/anggaran.json ({"pagu", "realisasi", "serapan"})."""
    sub = tables[catalogue.ANGGARAN_SUBKEGIATAN]
    section = Section("anggaran", "Realisasi Anggaran")
    total = totals(sub)
    c = counts(sub)
    section.paragraph(
        f"Pada Tahun {year}, pagu anggaran untuk melaksanakan program dan kegiatan sebesar "
        f"{fmt_rupiah(total['pagu'])} terealisasi sebesar {fmt_rupiah(total['realisasi'])} atau "
        f"{fmt_percent(total['serapan'])}. Anggaran tersebut digunakan untuk {c['program']} program, "
        f"{c['kegiatan']} kegiatan dan {c['sub_kegiatan']} sub kegiatan.")
    tree = budget_tree(sub, with_sasaran=False)
    section.table("anggaran_akuntabilitas_keuangan", f"Akuntabilitas Keuangan Tahun {year}",
                  tree_for_display(tree), {"Sasaran": "text", "Tingkat": "text", "Uraian": "text", **MONEY},
                  source=SOURCE)
    section.figure("anggaran_serapan_program", f"Serapan Anggaran per Program Tahun {year}",
                   program_chart(tree), source=SOURCE)

    urusan = per_urusan(sub)
    band = bands(sub)
    section.heading("Realisasi Anggaran per Urusan", level=3)
    band_of = band.set_index("urusan", drop=False)
    for _, u in urusan.iloc[:-1].iterrows():
        section.paragraph(urusan_paragraph(u) + " " + band_sentence(band_of.loc[u["urusan"]]))
    shown = pd.DataFrame({
        "Urusan": urusan["urusan"], "Program": urusan["program"], "Kegiatan": urusan["kegiatan"],
        "Sub Kegiatan": urusan["sub_kegiatan"], "Pagu (Rp)": urusan["pagu"],
        "Realisasi (Rp)": urusan["realisasi"], "Serapan (%)": urusan["serapan"]})
    section.table("anggaran_per_urusan", f"Realisasi Anggaran per Urusan Tahun {year}", shown,
                  {"Urusan": "text", "Program": "int", "Kegiatan": "int", "Sub Kegiatan": "int", **MONEY},
                  source=SOURCE)
    labels = [c for c in band.columns if c not in ("urusan", "jumlah")][::-1]
    band_shown = band[["urusan", *labels, "jumlah"]].rename(
        columns={"urusan": "Urusan", "jumlah": "Jumlah", **{c: f"{c}%" for c in labels}})
    section.table("anggaran_sebaran_serapan", f"Jumlah Sub Kegiatan menurut Serapan Anggaran Tahun {year}",
                  band_shown, {col: ("text" if col == "Urusan" else "int") for col in band_shown.columns},
                  source=SOURCE)
    lowest = lowest_subkegiatan(sub)
    section.paragraph(f"Serapan terendah terdapat pada sub kegiatan {lowest['sub_kegiatan']} "
                      f"({fmt_percent(lowest['serapan'])}: realisasi {fmt_rupiah(lowest['realisasi'])} "
                      f"dari pagu {fmt_rupiah(lowest['pagu'])}).")

    ind = tables.get(catalogue.INDIKATOR_PROGRAM)
    if ind is not None and not ind.empty:
        section.heading("Indikator Kinerja Program dan Kegiatan", level=3)
        ordinal = indicators.ordinal_scale(tables)
        table = indicator_table(ind, levels=("program", "kegiatan", "sub_kegiatan"), ordinal=ordinal)
        section.paragraph(
            "Capaian indikator program, kegiatan dan sub kegiatan (indikator keluaran, misalnya jumlah "
            "orang yang dilatih) dihitung ulang sebagai realisasi ÷ target × 100 (untuk nilai berupa "
            "predikat menurut urutan predikat yang ditetapkan). "
            + count_sentence(len(table), "indikator", [
                (int((table["status"] == status).sum()), words) for status, words in STATUS_WORDS]))
        shown = pd.DataFrame({
            "Sasaran": [_text(s if not is_number(s) else int(s)) for s in table["sasaran_id"]],
            "Tingkat": [LEVEL_LABELS.get(t, t) for t in table["tingkat"]],
            "Program/Kegiatan": table["nama"], "Indikator Kinerja": table["indikator"],
            "Target": table["target_teks"], "Realisasi": table["realisasi_teks"],
            "Capaian hitung ulang (%)": table["capaian"], "Capaian dipublikasikan": table["persen_teks"]})
        section.table("anggaran_indikator_program",
                      f"Akuntabilitas Kinerja Berdasarkan Indikator Program dan Kegiatan Tahun {year}",
                      shown, {"Capaian hitung ulang (%)": "percent"},
                      source="Indikator kinerja program dan kegiatan (DPA); capaian dihitung ulang")
        remark = unusual_capaian([(f"{r['nama']} – {r['indikator']}", r["capaian"]) for _, r in table.iterrows()])
        if remark:
            section.note(remark)
        notes = indicator_notes(table)
        if notes:
            section.note("Capaian yang dipublikasikan berbeda dengan hasil hitung ulang pada "
                         f"{len(notes)} indikator: " + " ".join(notes))
    return section, total



# -- Bab III analysis 6: efficiency per sasaran -----------------------------------------------
# The agency declares which sub kegiatan are belanja pegawai (gaji dan tunjangan ASN) in
# profil_instansi.yml; their unspent budget is salary not paid, never efficiency.
PEGAWAI_SETTING = "belanja_pegawai_sub_kegiatan"
NOT_COUNTS = {"%", "predikat"}


def belanja_pegawai_names(tables: dict) -> list[str]:
    """The sub kegiatan the agency declares as belanja pegawai (profil_instansi.yml)."""
    text = indicators.setting(tables, PEGAWAI_SETTING, "") or ""
    return [name.strip() for name in text.split(";") if name.strip()]


def belanja_pegawai(sub: pd.DataFrame, names: list[str]) -> pd.Series:
    """True for the sub kegiatan rows named in ``names`` (names compared as budget names are)."""
    wanted = {recompute.normalise_budget_name(n) for n in names}
    return sub["sub_kegiatan"].map(recompute.normalise_budget_name).isin(wanted)


def efficiency_figures(sub: pd.DataFrame, sid: int, capaian, names: list[str]) -> dict:
    """One sasaran's pagu, realisasi, serapan, capaian, indeks (capaian ÷ serapan), the sisa split
    into belanja pegawai and program spending, and the published-method 100 − serapan; unrounded."""
    part = sub[sub["sasaran_id"] == sid]
    split = budget_measure.sisa_split(part, belanja_pegawai(part, names))
    row = split.iloc[0].to_dict() if len(split) else dict.fromkeys(split.columns, 0)
    pagu = int(row["pagu_pegawai"]) + int(row["pagu_program"])
    real = int(row["realisasi_pegawai"]) + int(row["realisasi_program"])
    rate = budget_measure.serapan_rate(pagu, real)
    return {**{k: v for k, v in row.items() if k != "sasaran_id"},
            "pagu": pagu, "realisasi": real, "sisa": pagu - real, "serapan": rate,
            "serapan_program": _number(row.get("serapan_program")), "capaian": _number(capaian),
            "indeks": budget_measure.efficiency_index(capaian, rate),
            "indeks_program": budget_measure.efficiency_index(capaian, row.get("serapan_program")),
            "efisiensi_publikasi": 100 - rate}


def index_formula(label: str, capaian: float, rate: float, what: str = "Serapan") -> str:
    """'Indeks efisiensi = Capaian / Serapan = 101,47% / 94,29% = 1,08', closing on a calculator."""
    c, s = operands(lambda x, y: x / y, [capaian, rate], 2)
    return f"{label} = Capaian / {what} = {c}% / {s}% = {fmt_number(capaian / rate, 2)}"


def efficiency_conclusion(f: dict) -> str:
    """The sentence that concludes analysis 6; true for any figures.

    Efficiency is claimed only when capaian reaches the target (≥ 100%) while program spending
    was not fully absorbed; unspent belanja pegawai is never called efficiency.
    """
    parts = []
    if f["sisa_pegawai"] > 0:
        parts.append(f"Sisa belanja pegawai (gaji dan tunjangan) sebesar {fmt_rupiah(f['sisa_pegawai'])} dari "
                     f"sisa anggaran {fmt_rupiah(f['sisa'])} adalah gaji dan tunjangan yang tidak dibayarkan, "
                     "bukan efisiensi.")
    cap, rate, sisa = f["capaian"], f["serapan_program"], f["sisa_program"]
    if math.isnan(cap):
        parts.append("Capaian kinerja tidak dapat dihitung, sehingga efisiensi belanja program tidak dapat dinilai.")
    elif f["pagu_program"] <= 0:
        parts.append("Sasaran ini tidak memiliki belanja program, sehingga tidak ada efisiensi yang dapat dinilai.")
    elif cap < 100:
        parts.append(f"Capaian kinerja {fmt_percent(cap)} belum mencapai target (100%), sehingga sisa belanja "
                     f"program sebesar {fmt_rupiah(sisa)} tidak dapat disebut efisiensi.")
    elif rate < 100:
        parts.append(f"Capaian kinerja {fmt_percent(cap)} mencapai target dengan serapan belanja program "
                     f"{fmt_percent(rate)} (di bawah 100%), sehingga sisa belanja program sebesar "
                     f"{fmt_rupiah(sisa)} merupakan efisiensi anggaran.")
    else:
        parts.append(f"Capaian kinerja {fmt_percent(cap)} mencapai target, tetapi belanja program terserap "
                     f"{fmt_percent(rate)}, sehingga tidak ada efisiensi anggaran program.")
    return " ".join(parts)


def _budget_nodes(part: pd.DataFrame) -> dict:
    """Per budget level, the names of ``part``'s lines at that level, each matched by
    ``recompute.match_budget``'s rule (``BudgetNames``, normalised once for all the indicators)."""
    candidates = recompute.budget_candidates(part)
    return {level: recompute.BudgetNames(candidates[candidates["tingkat"] == level])
            for level in recompute.BUDGET_LEVELS}


def _budget_node(part: pd.DataFrame, nodes: dict, level: str, name: str):
    """(matched name, summed realisasi) of the program/kegiatan/sub kegiatan ``name`` means, or None."""
    if level not in nodes:
        return None
    hit = nodes[level].match(name)
    if hit is None:
        return None
    return hit["uraian"], int(part.loc[part[level] == hit["uraian"], "realisasi"].sum())


def output_costs(tables: dict, sid: int) -> pd.DataFrame:
    """Rupiah spent per unit of output for the sasaran's program/kegiatan/sub kegiatan indicators
    whose realisasi is a count (a unit other than % or a grade), against the realisasi of the
    budget line the indicator belongs to. Belanja pegawai sub kegiatan are left out: salaries
    paid are not an output bought. Columns: tingkat, nama, indikator, jumlah, satuan,
    anggaran (matched budget name), realisasi_rp, biaya_per_unit."""
    ind, sub = tables.get(catalogue.INDIKATOR_PROGRAM), tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    columns = ["tingkat", "nama", "indikator", "jumlah", "satuan", "anggaran", "realisasi_rp", "biaya_per_unit"]
    if ind is None or sub is None:
        return pd.DataFrame(columns=columns)
    part = sub[sub["sasaran_id"] == sid]
    part = part[~belanja_pegawai(part, belanja_pegawai_names(tables))]
    rows, nodes = [], _budget_nodes(part)
    for _, r in ind[ind["sasaran_id"] == sid].iterrows():
        unit, count = r.get("satuan"), r.get("realisasi")
        if not isinstance(unit, str) or not unit.strip() or unit.strip() in NOT_COUNTS or not is_number(count):
            continue
        if float(count) <= 0 or not float(count).is_integer():
            continue
        node = _budget_node(part, nodes, r["tingkat"], r["nama"])
        if node is None:
            continue
        rows.append({"tingkat": r["tingkat"], "nama": r["nama"], "indikator": r["indikator"],
                     "jumlah": int(count), "satuan": unit.strip(), "anggaran": node[0], "realisasi_rp": node[1],
                     "biaya_per_unit": budget_measure.cost_per_unit(node[1], count)})
    return pd.DataFrame(rows, columns=columns)


def published_efficiency(comparisons: pd.DataFrame | None, sid: int) -> str:
    """Where and how the published LKjIP printed this sasaran's 'efisiensi' (the validation's
    comparisons): '5,71 (Tabel 3.8 dokumen yang dipublikasikan)' — the published document's table
    number, not this report's —, tables before text; '' when it was not transcribed."""
    if comparisons is None or comparisons.empty:
        return ""
    hits = comparisons[(comparisons["besaran"] == "efisiensi") & (comparisons["objek"] == f"sasaran:{sid}")]
    if hits.empty:
        return ""
    hits = hits.assign(_table=~hits["tabel"].astype(str).str.startswith("Tabel")).sort_values("_table", kind="stable")
    first = hits.iloc[0]
    return f"{str(first['dilaporkan_teks']).strip()} ({first['tabel']} dokumen yang dipublikasikan)"
