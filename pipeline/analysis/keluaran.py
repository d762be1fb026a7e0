"""Output tables of Bab III (analysis 7): what the programs behind a sasaran delivered — job seekers
registered (AK-1) and placements by education and sex, where the placed workers went, the trainings
held and the halal certificates facilitated — each summed from data/raw, with the published totals
beside the recomputed ones (the validation's published-vs-recomputed comparisons).

An output table shows in the sasaran whose budget holds the program that delivers it. Programs are
named as the national nomenclature of regional programs (Permendagri 90/2019) names them and
matched against the budget tree by ``recompute.match_budget``, the one place that matches names.
"""

from __future__ import annotations

import pandas as pd
from babel.dates import format_date

from pipeline.analysis.sentences import count_sentence
from pipeline.inputs import catalogue
from pipeline.inputs.idnum import is_absent
from pipeline.sections.model import Section
from pipeline.validate import recompute

SOURCE = "Laporan Pelaksanaan Kegiatan Tahun {year} Disnakerperin (data mentah); jumlah dihitung ulang"
SEX_LABELS = (("L", "Laki-laki"), ("P", "Perempuan"))


def by_education(cells: pd.DataFrame) -> pd.DataFrame:
    """Laki-laki, Perempuan and Jumlah per pendidikan (input order) plus a 'Jumlah' row, all summed
    from the L/P cells."""
    order = list(dict.fromkeys(cells["pendidikan"]))
    wide = cells.pivot_table(index="pendidikan", columns="jenis_kelamin", values="jumlah", aggfunc="sum",
                             sort=False).reindex(order)
    out = pd.DataFrame({"Pendidikan": order})
    for code, label in SEX_LABELS:
        out[label] = [int(v) for v in (wide[code] if code in wide else pd.Series(0, index=order)).fillna(0)]
    out["Jumlah"] = out["Laki-laki"] + out["Perempuan"]
    total = {"Pendidikan": "Jumlah", **{c: int(out[c].sum()) for c in ("Laki-laki", "Perempuan", "Jumlah")}}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def penyaluran(items: pd.DataFrame) -> pd.DataFrame:
    """Placed workers per destination plus a 'Jumlah' row."""
    out = pd.DataFrame({"Keterangan": list(items["keterangan"]), "Jumlah (orang)": [int(v) for v in items["jumlah"]]})
    return pd.concat([out, pd.DataFrame([{"Keterangan": "Jumlah", "Jumlah (orang)": int(out["Jumlah (orang)"].sum())}])],
                     ignore_index=True)


def pelatihan(batches: pd.DataFrame) -> pd.DataFrame:
    """Trainings per name and source of funds (first appearance order): batches, participants,
    first start and last end date; a 'Jumlah <sumber dana>' row per source of funds when there
    are several (the LKjIP reports APBD Kota and other funds apart) and a 'Jumlah' row."""
    rows = []
    for (name, dana), part in batches.groupby(["pelatihan", "sumber_dana"], sort=False, dropna=False):
        rows.append({"Pelatihan": name, "Sumber dana": "" if pd.isna(dana) else dana,
                     "Angkatan": len(part), "Peserta (orang)": int(part["peserta"].sum()),
                     "Mulai": _date(part["tanggal_mulai"].min()), "Selesai": _date(part["tanggal_selesai"].max())})
    out = pd.DataFrame(rows, columns=["Pelatihan", "Sumber dana", "Angkatan", "Peserta (orang)", "Mulai", "Selesai"])
    def total(label: str, part: pd.DataFrame, dana: str = "") -> dict:
        return {"Pelatihan": label, "Sumber dana": dana, "Angkatan": int(part["Angkatan"].sum()),
                "Peserta (orang)": int(part["Peserta (orang)"].sum()), "Mulai": "", "Selesai": ""}

    funds = list(dict.fromkeys(out["Sumber dana"]))
    subtotals = [total("Jumlah", out[out["Sumber dana"] == d], d) for d in funds] if len(funds) > 1 else []
    return pd.concat([out, pd.DataFrame([*subtotals, total("Jumlah", out)])], ignore_index=True)


def halal(listed: pd.DataFrame) -> pd.DataFrame:
    """IKM/product groups facilitated per jenis produk and mekanisme (counts of listed rows), with
    a 'Jumlah' column and row."""
    mechanisms = list(dict.fromkeys(listed["mekanisme"]))
    jenis = listed["jenis_produk"].fillna("(tidak disebut)")
    counts = pd.crosstab(jenis, listed["mekanisme"]).reindex(columns=mechanisms, fill_value=0)
    counts = counts.reindex(list(dict.fromkeys(jenis)))
    out = pd.DataFrame({"Jenis produk": list(counts.index)})
    for m in mechanisms:
        out[m] = [int(v) for v in counts[m]]
    out["Jumlah"] = out[mechanisms].sum(axis=1).astype(int)
    total = {"Jenis produk": "Jumlah", **{c: int(out[c].sum()) for c in [*mechanisms, "Jumlah"]}}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _date(value) -> str:
    """'2 Februari 2024' (Babel's Indonesian month names); '' for no date."""
    if is_absent(value):
        return ""
    return format_date(pd.Timestamp(value).date(), "d MMMM y", locale="id")


# table key -> (title, program that delivers it, builder, comparison quantities (besaran)); a
# comparison belongs to the table when its quantity is listed and its id names the table key
OUTPUTS = (
    (catalogue.PENCARI_KERJA, "Jumlah Pencari Kerja (AK-1) Menurut Pendidikan dan Jenis Kelamin",
     "Penempatan Tenaga Kerja", by_education, ("jumlah_pencari_kerja",)),
    (catalogue.PENEMPATAN, "Penempatan Tenaga Kerja Menurut Pendidikan dan Jenis Kelamin",
     "Penempatan Tenaga Kerja", by_education, ("jumlah_penempatan",)),
    (catalogue.PENYALURAN, "Tenaga Kerja yang Disalurkan", "Penempatan Tenaga Kerja", penyaluran, ("jumlah_penempatan",)),
    (catalogue.PELATIHAN, "Pelatihan Kerja yang Dilaksanakan", "Pelatihan Kerja dan Produktivitas Tenaga Kerja", pelatihan,
     ("peserta_pelatihan_apbd", "peserta_pelatihan_non_apbd")),
    (catalogue.FASILITASI_HALAL, "Fasilitasi Sertifikasi Halal bagi IKM menurut Jenis Produk dan Mekanisme",
     "Pengendalian Izin Usaha Industri", halal, ("jumlah_fasilitasi_halal",)),
)
ID_WORDS = {catalogue.FASILITASI_HALAL: "halal"}


def delivered_by(sub: pd.DataFrame, sid: int, program: str) -> bool:
    """Whether sasaran ``sid``'s budget holds ``program``."""
    part = sub[sub["sasaran_id"] == sid]
    if part.empty:
        return False
    candidates = recompute.budget_candidates(part)
    return recompute.match_budget(program, candidates[candidates["tingkat"] == "program"]) is not None


def published_vs_recomputed(comparisons: pd.DataFrame | None, key: str, besaran: tuple) -> pd.DataFrame:
    """The comparisons of table ``key`` other than single cells: where the total was printed, the
    printed and the recomputed figure, and whether they agree."""
    if comparisons is None or comparisons.empty or not besaran:
        return pd.DataFrame()
    word = ID_WORDS.get(key, key)
    hits = comparisons[comparisons["besaran"].isin(besaran)
                       & comparisons["id"].astype(str).str.contains(word, regex=False)
                       & ~comparisons["objek"].astype(str).str.startswith("sel:")]
    if hits.empty:
        return hits
    from pipeline.validate.appendix import plain

    where = [(plain(lokasi) or str(tabel)) + (f", penjumlahan kolom {objek[6:]}" if objek.startswith("kolom:") else "")
             for lokasi, tabel, objek in zip(hits["lokasi"], hits["tabel"], hits["objek"].astype(str))]
    # a difference the validation traced to another figure says so (a printed total that is right
    # while a cell is wrong must not read as a wrong total)
    why = hits["penjelasan"] if "penjelasan" in hits else pd.Series("", index=hits.index)
    notes = ["sama" if is_absent(c) or c else f"berbeda: {w}" if isinstance(w, str) and w.strip() else "berbeda"
             for c, w in zip(hits["cocok"], why)]
    return pd.DataFrame({"Tempat dalam LKjIP": where, "Dipublikasikan": hits["dilaporkan_teks"],
                         "Hitung ulang": [recompute.shown_recomputed(r) for _, r in hits.iterrows()],
                         "Keterangan": notes})


def add_tables(section: Section, tables: dict, year: int, sid: int,
               comparisons: pd.DataFrame | None = None) -> int:
    """Add the output tables delivered by sasaran ``sid``'s programs; returns how many."""
    sub = tables.get(catalogue.ANGGARAN_SUBKEGIATAN)
    if sub is None:
        return 0
    shown = 0
    for key, title, program, builder, besaran in OUTPUTS:
        # the program first: a table no program of this sasaran delivers is not read, so the
        # step's cache key (pipeline.inputs.reads) does not hold it
        if key not in tables or not delivered_by(sub, sid, program):
            continue
        data = tables[key]
        if data is None or data.empty:
            continue
        table = builder(data)
        formats = {c: "int" for c in table.columns if pd.api.types.is_integer_dtype(table[c])}
        section.table(f"s{sid}_keluaran_{key}", f"{title} Tahun {year}", table, formats,
                      source=SOURCE.format(year=year) + f"; Program {program}")
        check = published_vs_recomputed(comparisons, key, besaran)
        if not check.empty:
            differ = int(check["Keterangan"].str.startswith("berbeda").sum())
            section.paragraph(count_sentence(len(check), "angka yang dipublikasikan untuk tabel ini", [
                (len(check) - differ, "sama dengan jumlah yang dihitung dari data mentah"),
                (differ, "berbeda (rincian di Lampiran Catatan Validasi)")]))
            section.table(f"s{sid}_keluaran_{key}_publikasi", f"{title}: Angka Dipublikasikan dan Hitung Ulang",
                          check, source="Validasi pipeline (hitung ulang dibulatkan seperti angka yang dipublikasikan)")
        shown += 1
    return shown
