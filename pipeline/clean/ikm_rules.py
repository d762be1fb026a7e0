"""The cleaning rules of the Pendataan IKM register, one small function per rule.

Every rule takes the register and the file name (for error messages) and returns the
register (rows dropped or columns added) and a log of what it dropped or changed, with the
columns of :data:`LOG_COLUMNS`. :func:`pipeline.clean.ikm.clean_register` applies them in
the order of :data:`pipeline.clean.ikm.RULES`; docs/ikm_register_schema.md describes them
for the agencies that drop in their own export.

Dirt (inactive or moved firms, duplicates, non-manufacturing KBLI, messy formats) is
removed or repaired and logged. A value that cannot be read at all (tenaga_kerja "dua",
KBLI "abc", an unknown status) is a bad input: it raises :class:`InputError` naming file,
row, column and value, because guessing would change the published totals silently.
"""

from __future__ import annotations

import re

import pandas as pd

from pipeline.errors import InputError
from pipeline.inputs.idnum import NumberFormatError, parse_number
from pipeline.inputs.rawio import ROW

LOG_COLUMNS = ["sumber_baris", "id_ikm", "aturan", "tindakan", "kolom", "nilai_lama", "nilai_baru",
               "alasan", "duplikat_dari"]
DROPPED, CHANGED = "dibuang", "diubah"

JENIS_INDUSTRI = ("Pangan", "Sandang dan Kulit", "Kimia dan Bahan Bangunan",
                  "Logam Mesin dan Elektronika", "Kerajinan")
STATUS_AKTIF = ("aktif",)
STATUS_TIDAK_AKTIF = ("tidak aktif", "tutup", "non aktif", "nonaktif")
STATUS_PINDAH = ("pindah", "pindah domisili")
KLASIFIKASI = ("mikro", "kecil", "menengah")

# PP 7/2021 art. 35: modal usaha (excluding land and buildings), in rupiah, upper bounds inclusive.
MIKRO_MAX = 1_000_000_000
KECIL_MAX = 5_000_000_000
MENENGAH_MAX = 10_000_000_000

# Manufacturing is KBLI section C: two-digit divisions 10 to 33.
KBLI_C = range(10, 34)

_PUNCT = re.compile(r"[^\w\s]|_")
_KBLI_SEPARATORS = re.compile(r"[\s.\-]")
_NIB_SEPARATORS = re.compile(r"[\s.\-'`’]")


# --- helpers ---------------------------------------------------------------------------

def collapse(values: pd.Series) -> pd.Series:
    """Strip and collapse inner whitespace (what a reader would not notice)."""
    return values.astype("str").str.replace("\u00a0", " ").str.strip().str.replace(r"\s+", " ", regex=True)


def match_key(values: pd.Series) -> pd.Series:
    """Key for matching: casefolded, punctuation as space, whitespace collapsed."""
    return collapse(collapse(values).str.casefold().str.replace(_PUNCT, " ", regex=True))


def entries(df: pd.DataFrame, mask, *, aturan: str, tindakan: str, kolom: str, nilai_lama,
            nilai_baru=None, alasan, duplikat_dari=None) -> pd.DataFrame:
    """Log rows for the rows of ``df`` selected by ``mask`` (values may be Series or scalars)."""
    mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
    sel = df.loc[mask]

    def pick(value):
        if isinstance(value, pd.Series):
            return value.loc[mask].to_numpy()
        return [value] * len(sel)

    log = pd.DataFrame({
        "sumber_baris": sel[ROW].to_numpy(),
        "id_ikm": sel["id_ikm"].to_numpy() if "id_ikm" in sel else [pd.NA] * len(sel),
        "aturan": aturan,
        "tindakan": tindakan,
        "kolom": kolom,
        "nilai_lama": pick(nilai_lama),
        "nilai_baru": pick(nilai_baru),
        "alasan": pick(alasan),
        "duplikat_dari": pick(duplikat_dari),
    }, columns=LOG_COLUMNS)
    return log


def empty_log() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in LOG_COLUMNS})


def _first_bad(df: pd.DataFrame, mask: pd.Series, file, column: str, message: str):
    if mask.any():
        row = df.loc[mask].iloc[0]
        raw = row[column]
        raise InputError(file, message, row=int(row[ROW]), column=column,
                         value=raw if str(raw).strip() else "(blank)")


# --- rules -----------------------------------------------------------------------------

def tidy_text(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strip and collapse spaces in the text columns; logs changes in the columns kept.

    Also writes kelurahan in title case and jenis_industri as one of :data:`JENIS_INDUSTRI`
    (matched on casefold, punctuation and '&' ignored); an unknown group raises InputError.
    """
    df = df.copy()
    logs = []
    for column in ("id_ikm", "nama_usaha", "alamat"):
        tidy = collapse(df[column])
        logs.append(entries(df, tidy != df[column], aturan="rapikan_teks", tindakan=CHANGED,
                            kolom=column, nilai_lama=df[column], nilai_baru=tidy,
                            alasan="spasi berlebih dirapikan"))
        df[column] = tidy

    kelurahan = collapse(df["kelurahan"]).str.title()
    _first_bad(df, kelurahan == "", file, "kelurahan", "kelurahan is required")
    logs.append(entries(df, kelurahan != df["kelurahan"], aturan="kelurahan_baku", tindakan=CHANGED,
                        kolom="kelurahan", nilai_lama=df["kelurahan"], nilai_baru=kelurahan,
                        alasan="penulisan nama kelurahan diseragamkan"))
    df["kelurahan"] = kelurahan

    canonical = {match_key(pd.Series([name])).iloc[0]: name for name in JENIS_INDUSTRI}
    jenis = match_key(df["jenis_industri"].str.replace("&", " dan ", regex=False)).map(canonical)
    _first_bad(df, jenis.isna(), file, "jenis_industri",
               "unknown jenis_industri; expected one of " + ", ".join(JENIS_INDUSTRI))
    jenis = jenis.astype("str")
    logs.append(entries(df, jenis != df["jenis_industri"], aturan="jenis_industri_baku",
                        tindakan=CHANGED, kolom="jenis_industri", nilai_lama=df["jenis_industri"],
                        nilai_baru=jenis, alasan="penulisan jenis industri diseragamkan"))
    df["jenis_industri"] = jenis

    status = match_key(df["status"])
    known = STATUS_AKTIF + STATUS_TIDAK_AKTIF + STATUS_PINDAH
    _first_bad(df, ~status.isin(known), file, "status",
               "unknown status; expected Aktif, Tidak Aktif/Tutup/Non Aktif or Pindah")
    df["status_kunci"] = status
    return df, pd.concat(logs, ignore_index=True)


def _parse_integers(df: pd.DataFrame, column: str, file, what: str) -> tuple[pd.Series, pd.Series]:
    """Integers >= 0 from published notation; returns (values with nil as 0, nil mask)."""
    values, nil = [], []
    for text, row in zip(df[column], df[ROW]):
        try:
            number = parse_number(text, "integer")
        except NumberFormatError:
            raise InputError(file, f"{what} cannot be read as a whole number", row=int(row),
                             column=column, value=text) from None
        if number is not None and number < 0:
            raise InputError(file, f"{what} cannot be negative", row=int(row), column=column,
                             value=text)
        nil.append(number is None)
        values.append(0 if number is None else number)
    return (pd.Series(values, index=df.index, dtype="Int64"),
            pd.Series(nil, index=df.index, dtype=bool))


def _plain_digits(values: pd.Series) -> pd.Series:
    return values.astype("str").str.strip().str.fullmatch(r"\d+")


def parse_money(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """nilai_investasi, nilai_produksi -> investasi_rp, nilai_produksi_rp (whole rupiah).

    Accepts "Rp 1.250.000,-", "1.250.000", "Rp1250000". Blank and '-' mean the firm reported
    none and become 0 (logged); a value that is not a whole number of rupiah raises.
    """
    df = df.copy()
    logs = []
    for column, target in (("nilai_investasi", "investasi_rp"), ("nilai_produksi", "nilai_produksi_rp")):
        values, nil = _parse_integers(df, column, file, "rupiah value")
        logs.append(entries(df, nil, aturan="uang_kosong_nol", tindakan=CHANGED, kolom=column,
                            nilai_lama=df[column], nilai_baru="0",
                            alasan="kosong/'-': usaha tidak melaporkan nilai, dihitung 0"))
        reformatted = ~nil & ~_plain_digits(df[column])
        logs.append(entries(df, reformatted, aturan="format_uang", tindakan=CHANGED, kolom=column,
                            nilai_lama=df[column], nilai_baru=values.astype("str"),
                            alasan="penulisan rupiah diseragamkan"))
        df[target] = values
    return df, pd.concat(logs, ignore_index=True)


def parse_workers(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """tenaga_kerja -> whole number >= 0 ('3 orang' reads as 3; blank/'-' as 0, logged).

    A malformed value ('dua', '2,5', '-3') raises InputError: it is a bad input, not dirt.
    """
    df = df.copy()
    values, nil = _parse_integers(df, "tenaga_kerja", file, "tenaga_kerja")
    logs = [
        entries(df, nil, aturan="tenaga_kerja_kosong_nol", tindakan=CHANGED, kolom="tenaga_kerja",
                nilai_lama=df["tenaga_kerja"], nilai_baru="0",
                alasan="kosong/'-': dihitung 0 tenaga kerja"),
        entries(df, ~nil & ~_plain_digits(df["tenaga_kerja"]), aturan="format_angka",
                tindakan=CHANGED, kolom="tenaga_kerja", nilai_lama=df["tenaga_kerja"],
                nilai_baru=values.astype("str"), alasan="penulisan angka diseragamkan"),
    ]
    df["tenaga_kerja_n"] = values
    return df, pd.concat(logs, ignore_index=True)


def parse_no(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register's running number 'no' (used to keep the first of duplicates)."""
    df = df.copy()
    values, nil = _parse_integers(df, "no", file, "no")
    _first_bad(df, nil, file, "no", "'no' is required")
    df["no_n"] = values
    return df, empty_log()


def drop_inactive(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms whose status says they stopped (Tidak Aktif, Tutup, Non Aktif)."""
    mask = df["status_kunci"].isin(STATUS_TIDAK_AKTIF)
    log = entries(df, mask, aturan="tidak_aktif", tindakan=DROPPED, kolom="status",
                  nilai_lama=df["status"], alasan="usaha sudah tidak aktif")
    return df.loc[~mask], log


def declared_wilayah() -> dict:
    """The agency's wilayah as profil_instansi.yml declares it (jenis, nama, nama_bps)."""
    from pipeline.inputs.profile import load_profile

    return load_profile()["wilayah"]


def kota_is_city(kota: pd.Series) -> pd.Series:
    """True where kota names the declared wilayah ('Kota Payakumbuh', 'PAYAKUMBUH' for the seed);
    blank counts as the wilayah."""
    city = match_key(pd.Series([declared_wilayah()["nama"]])).iloc[0]
    key = match_key(kota).str.replace(r"^(kota|kabupaten|kab) ", "", regex=True)
    return (key == city) | (key == "")


def drop_moved(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms that moved out of the wilayah: status Pindah, or a kota other than the declared one."""
    by_status = df["status_kunci"].isin(STATUS_PINDAH)
    by_kota = ~by_status & ~kota_is_city(df["kota"])
    logs = [
        entries(df, by_status, aturan="pindah_domisili", tindakan=DROPPED, kolom="status",
                nilai_lama=df["status"], alasan="pindah domisili"),
        entries(df, by_kota, aturan="pindah_domisili", tindakan=DROPPED, kolom="kota",
                nilai_lama=df["kota"], alasan=f"berdomisili di luar {declared_wilayah()['nama_bps']}"),
    ]
    return df.loc[~(by_status | by_kota)], pd.concat(logs, ignore_index=True)


def normalise_kbli(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KBLI 2020 as five digits: '10.792', '1079 2', '10792 ' -> '10792'; otherwise raises."""
    df = df.copy()
    code = df["kbli"].astype("str").str.replace(_KBLI_SEPARATORS, "", regex=True)
    _first_bad(df, ~code.str.fullmatch(r"\d{5}"), file, "kbli",
               "KBLI must be a 5-digit KBLI 2020 code (e.g. 10792)")
    log = entries(df, code != df["kbli"], aturan="normalisasi_kbli", tindakan=CHANGED, kolom="kbli",
                  nilai_lama=df["kbli"], nilai_baru=code, alasan="kode KBLI ditulis 5 digit")
    df["kbli"] = code
    return df, log


def drop_non_manufacturing(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms whose KBLI is outside section C (first two digits not 10-33)."""
    division = df["kbli"].str.slice(0, 2).astype(int)
    mask = ~division.isin(KBLI_C)
    log = entries(df, mask, aturan="kbli_bukan_industri", tindakan=DROPPED, kolom="kbli",
                  nilai_lama=df["kbli"],
                  alasan="KBLI bukan industri pengolahan (kategori C, golongan pokok 10-33)")
    return df.loc[~mask], log


def duplicate_key(df: pd.DataFrame) -> pd.Series:
    """nama_usaha + alamat + kelurahan, ignoring case, spacing and punctuation."""
    return match_key(df["nama_usaha"]) + "|" + match_key(df["alamat"]) + "|" + match_key(df["kelurahan"])


def text_key(*parts: str) -> str:
    """Scalar form of :func:`duplicate_key` (for generators and checks outside pandas)."""
    def one(text: str) -> str:
        text = " ".join(str(text).replace("\u00a0", " ").split()).casefold()
        return " ".join(_PUNCT.sub(" ", text).split())
    return "|".join(one(p) for p in parts)


def drop_duplicates(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the first firm (lowest 'no') of each duplicate key; log the row it duplicates."""
    ordered = df.sort_values(["no_n", ROW], kind="stable")
    key = duplicate_key(ordered)
    mask = key.duplicated(keep="first")
    first_row = ordered.groupby(key, sort=False)[ROW].transform("first")
    log = entries(ordered, mask, aturan="duplikat", tindakan=DROPPED, kolom="nama_usaha",
                  nilai_lama=ordered["nama_usaha"], alasan="data ganda",
                  duplikat_dari=first_row)
    return ordered.loc[~mask].sort_index(), log


def klasifikasi(investasi_rp: pd.Series) -> pd.Series:
    """PP 7/2021 class by modal usaha (rupiah): mikro, kecil, menengah or besar."""
    inv = investasi_rp.astype("Int64")
    out = pd.Series("besar", index=inv.index, dtype="str")
    out[inv <= MENENGAH_MAX] = "menengah"
    out[inv <= KECIL_MAX] = "kecil"
    out[inv <= MIKRO_MAX] = "mikro"
    return out


def classify_size(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Add klasifikasi; drop 'besar' firms (modal usaha > Rp 10 miliar are not IKM)."""
    df = df.copy()
    df["klasifikasi"] = klasifikasi(df["investasi_rp"])
    mask = df["klasifikasi"] == "besar"
    log = entries(df, mask, aturan="usaha_besar", tindakan=DROPPED, kolom="nilai_investasi",
                  nilai_lama=df["nilai_investasi"],
                  alasan="modal usaha > Rp 10 miliar: usaha besar, bukan IKM")
    return df.loc[~mask], log


def nib_digits(nib: pd.Series) -> pd.Series:
    """NIB without the separators exports add (spaces, '.', '-', a leading apostrophe)."""
    return nib.astype("str").str.replace(_NIB_SEPARATORS, "", regex=True)


def classify_formal(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """formal = the firm has a valid NIB (13 digits once separators are removed).

    Text without digits ('', '-', 'belum ada', 'proses') is no NIB: non-formal, not logged.
    Digits that do not make 13 are logged, and the firm counts as non-formal.
    """
    df = df.copy()
    digits = nib_digits(df["nib"])
    formal = digits.str.fullmatch(r"\d{13}")
    invalid = ~formal & df["nib"].astype("str").str.contains(r"\d", regex=True)
    log = entries(df, invalid, aturan="nib_tidak_valid", tindakan=CHANGED, kolom="nib",
                  nilai_lama=df["nib"], nilai_baru="",
                  alasan="NIB bukan 13 digit: dihitung non-formal")
    df["formal"] = formal.astype(bool)
    return df, log
