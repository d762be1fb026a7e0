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

import numpy as np
import pandas as pd

from pipeline.errors import InputError
from pipeline.inputs import textscan
from pipeline.inputs.idnum import NumberFormatError, parse_number
from pipeline.inputs.rawio import ROW
from pipeline.messages import BLANK, PARSE

LOG_COLUMNS = ["sumber_baris", "id_ikm", "aturan", "tindakan", "kolom", "nilai_lama", "nilai_baru",
               "alasan", "duplikat_dari"]
DROPPED, CHANGED = "dibuang", "diubah"
# How the report names each cleaning rule (the log keeps the rule's short id).
RULE_LABELS = {
    "duplikat": "Usaha tercatat lebih dari sekali",
    "format_angka": "Penulisan jumlah tenaga kerja diseragamkan",
    "format_uang": "Penulisan nilai rupiah diseragamkan",
    "jenis_industri_baku": "Penulisan jenis industri diseragamkan",
    "kbli_bukan_industri": "KBLI di luar industri pengolahan",
    "kelurahan_baku": "Penulisan nama kelurahan diseragamkan",
    "nib_tidak_valid": "NIB bukan 13 digit (dihitung non-formal)",
    "normalisasi_kbli": "Penulisan kode KBLI diseragamkan",
    "pindah_domisili": "Pindah domisili ke luar daerah",
    "rapikan_teks": "Spasi berlebih dirapikan",
    "tenaga_kerja_kosong_nol": "Tenaga kerja kosong dihitung 0",
    "tidak_aktif": "Usaha tidak aktif atau tutup",
    "uang_kosong_nol": "Nilai rupiah kosong dihitung 0",
    "usaha_besar": "Usaha besar, bukan IKM",
}

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
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
_KBLI = re.compile(r"\d{5}")
_NIB13 = re.compile(r"\d{13}")


# --- helpers ---------------------------------------------------------------------------

def distinct(values: pd.Series) -> tuple[np.ndarray, list]:
    """(codes, uniques): uniques[codes[i]] is cell i (every cell, for mostly distinct columns)."""
    cells = values.tolist()
    sample = cells[:: max(1, len(cells) // 2000)]
    if len(cells) > 10_000 and len(set(sample)) > len(sample) // 2:
        # Mostly distinct (names, ids, running numbers): finding the distinct values costs
        # more than it saves.
        return np.arange(len(cells)), cells
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes, uniques.tolist()


def per_unique(values: pd.Series, func) -> tuple[np.ndarray, list]:
    """(codes, results): ``func`` of each distinct value; results[codes[i]] belongs to cell i."""
    codes, uniques = distinct(values)
    return codes, [func(v) for v in uniques]


def per_value(values: pd.Series, func, dtype=object) -> np.ndarray:
    """``func`` of each cell as a numpy array, computed once per distinct text.

    Registers repeat most values (kelurahan, status, KBLI, amounts), so the function runs on
    the distinct texts only (pandas' hash table finds them) and the results are spread back.
    A loop over a plain list, because pandas' string methods on object-backed text loop in
    Python too, once per method instead of once per cell.
    """
    codes, results = per_unique(values, func)
    if dtype is object:
        out = np.empty(len(results), dtype=object)
        out[:] = results
    else:
        out = np.array(results, dtype=dtype)
    return out[codes]


def _collapse_one(text: str) -> str:
    # str.split() splits on the same whitespace as the regex \s (str.isspace), and drops the
    # leading and trailing runs, so this is strip + "\s+" -> " ".
    return " ".join(str(text).replace("\u00a0", " ").split())


def _key_one(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", _collapse_one(text).casefold()).split())


def collapse(values: pd.Series) -> pd.Series:
    """Strip and collapse inner whitespace (what a reader would not notice)."""
    return _collapse_changed(values)[0]


def _collapse_changed(values: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """(:func:`collapse` of values, where that differs from values)."""
    codes, uniques = distinct(values)
    flags = textscan.needs_collapse(uniques)
    if flags is None:
        tidy = pd.Series(per_value(values, _collapse_one), index=values.index, dtype="str")
        return tidy, (tidy != values).fillna(False).to_numpy(dtype=bool)
    if not flags.any():  # only the flagged texts change: tidy those alone
        return values.astype("str"), np.zeros(len(values), dtype=bool)
    out = np.empty(len(uniques), dtype=object)
    out[:] = uniques
    for i in np.flatnonzero(flags).tolist():
        out[i] = _collapse_one(uniques[i])
    return pd.Series(out[codes], index=values.index, dtype="str"), flags[codes]


def _mapped(values: pd.Series, func) -> tuple[np.ndarray, np.ndarray]:
    """(``func`` of each cell, where that is text differing from the cell's text), once per distinct cell."""
    codes, uniques = distinct(values)
    results = [func(v) for v in uniques]
    out = np.empty(len(results), dtype=object)
    out[:] = results
    changed = np.fromiter((isinstance(u, str) and isinstance(r, str) and r != u
                           for u, r in zip(uniques, results)), dtype=bool, count=len(results))
    return out[codes], changed[codes]


def match_keys(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(codes, keys) of :func:`match_key`: keys[codes[i]] is the key of cell i.

    ASCII text of a mostly distinct column (names) is keyed whole-column at once.
    """
    codes, uniques = distinct(values)
    if len(uniques) > 10_000:
        keys = textscan.ascii_keys(uniques)
        if keys is not None:
            return codes, keys
    return codes, [_key_one(v) for v in uniques]


def match_key(values: pd.Series) -> pd.Series:
    """Key for matching: casefolded, punctuation as space, whitespace collapsed."""
    return pd.Series(per_value(values, _key_one), index=values.index, dtype="str")


def entries(df: pd.DataFrame, mask, *, aturan: str, tindakan: str, kolom: str, nilai_lama,
            nilai_baru=None, alasan, duplikat_dari=None) -> pd.DataFrame:
    """Log rows for the rows of ``df`` selected by ``mask`` (values may be Series or scalars)."""
    mask = pd.Series(mask, index=df.index).fillna(False).astype(bool)
    sel = df.loc[mask]

    def pick(value):
        if isinstance(value, pd.Series):  # the full column, or only the rows logged
            return value.loc[sel.index].to_numpy()
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
                         value=raw if str(raw).strip() else BLANK)


# --- rules -----------------------------------------------------------------------------

def tidy_text(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Strip and collapse spaces in the text columns; logs changes in the columns kept.

    Also writes kelurahan in title case and jenis_industri as one of :data:`JENIS_INDUSTRI`
    (matched on casefold, punctuation and '&' ignored); an unknown group raises InputError.
    """
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    logs = []
    for column in ("id_ikm", "nama_usaha", "alamat"):
        tidy, changed = _collapse_changed(df[column])
        logs.append(entries(df, changed, aturan="rapikan_teks", tindakan=CHANGED,
                            kolom=column, nilai_lama=df[column], nilai_baru=tidy,
                            alasan="spasi berlebih dirapikan"))
        df[column] = tidy

    kelurahan, changed = _mapped(df["kelurahan"], lambda v: _collapse_one(v).title())
    kelurahan = pd.Series(kelurahan, index=df.index, dtype="str")
    _first_bad(df, kelurahan == "", file, "kelurahan", PARSE["kelurahan_required"])
    logs.append(entries(df, changed, aturan="kelurahan_baku", tindakan=CHANGED,
                        kolom="kelurahan", nilai_lama=df["kelurahan"], nilai_baru=kelurahan,
                        alasan="penulisan nama kelurahan diseragamkan"))
    df["kelurahan"] = kelurahan

    canonical = {_key_one(name): name for name in JENIS_INDUSTRI}
    jenis, changed = _mapped(df["jenis_industri"], lambda v: canonical.get(_key_one(v.replace("&", " dan "))))
    jenis = pd.Series(jenis, index=df.index, dtype="object")
    _first_bad(df, jenis.isna(), file, "jenis_industri",
               PARSE["one_of"].format(allowed=", ".join(JENIS_INDUSTRI)))
    jenis = jenis.astype("str")
    logs.append(entries(df, changed, aturan="jenis_industri_baku",
                        tindakan=CHANGED, kolom="jenis_industri", nilai_lama=df["jenis_industri"],
                        nilai_baru=jenis, alasan="penulisan jenis industri diseragamkan"))
    df["jenis_industri"] = jenis

    status = match_key(df["status"])
    known = STATUS_AKTIF + STATUS_TIDAK_AKTIF + STATUS_PINDAH
    _first_bad(df, ~status.isin(known), file, "status",
               PARSE["status_unknown"])
    df["status_kunci"] = status
    return df, pd.concat(logs, ignore_index=True)


def _read_integer(text, kind: str = "integer") -> tuple[int, bool, bool, tuple | None]:
    """One cell -> (value with nil as 0, nil, written as plain digits, problem or None)."""
    if isinstance(text, str) and text.isdigit() and text.isascii() and len(text) <= 18:
        return int(text), False, True, None  # the common case, as parse_number reads it
    try:
        number = parse_number(text, kind)
    except NumberFormatError as exc:
        return 0, False, False, ("number", str(exc))
    if number is not None and number < 0:
        return 0, False, False, ("negative", "")
    plain = _DIGITS.fullmatch(str(text).strip()) is not None
    return (0, True, plain, None) if number is None else (number, False, plain, None)


def _parse_integers(df: pd.DataFrame, column: str, file, what: str, plain: bool = False,
                    kind: str = "integer") -> tuple[pd.Series, ...]:
    """Integers >= 0 from published notation -> (values with nil as 0, nil mask[, plain-digit mask]).

    The first cell (in file order) that cannot be read, or is negative, raises InputError.
    """
    codes, uniques = distinct(df[column])
    number, digits = textscan.plain_integers(uniques)
    rest = np.flatnonzero(~digits)  # texts not written as plain digits: read once per text
    read: dict = {}  # (a mostly distinct column is not deduplicated by distinct())
    cells = [read[text] if text in read else read.setdefault(text, _read_integer(text, kind))
             for text in (uniques[i] for i in rest.tolist())]
    problem = np.zeros(len(uniques), dtype=bool)
    problem[rest] = [c[3] is not None for c in cells]
    bad = problem[codes]
    if bad.any():
        at = int(np.argmax(bad))  # the first bad cell in file order
        what_went_wrong, detail = _read_integer(df[column].iloc[at], kind)[3]
        message = (PARSE["register_number"].format(what=what, problem=detail) if what_went_wrong == "number"
                   else PARSE["register_negative"].format(what=what))
        raise InputError(file, message, row=int(df[ROW].iloc[at]), column=column, value=df[column].iloc[at])

    def part(i: int, dtype, fast) -> np.ndarray:  # plain digits: fast, else the cell's reading
        out = np.full(len(uniques), fast, dtype=dtype) if np.isscalar(fast) else fast
        if len(rest):
            out[rest] = np.array([c[i] for c in cells], dtype=dtype)
        return out[codes]

    values = pd.Series(pd.array(part(0, np.int64, number), dtype="Int64"), index=df.index)
    nil = pd.Series(part(1, bool, False), index=df.index)
    if not plain:
        return values, nil
    return values, nil, pd.Series(part(2, bool, True), index=df.index)


def parse_money(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """nilai_investasi, nilai_produksi -> investasi_rp, nilai_produksi_rp (whole rupiah).

    Accepts "Rp 1.250.000,-", "1.250.000", "Rp1250000". Blank and '-' mean the firm reported
    none and become 0 (logged); a value that is not a whole number of rupiah raises.
    """
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    logs = []
    for column, target in (("nilai_investasi", "investasi_rp"), ("nilai_produksi", "nilai_produksi_rp")):
        values, nil, plain = _parse_integers(df, column, file, "nilai rupiah", plain=True)
        logs.append(entries(df, nil, aturan="uang_kosong_nol", tindakan=CHANGED, kolom=column,
                            nilai_lama=df[column], nilai_baru="0",
                            alasan="kosong/'-': usaha tidak melaporkan nilai, dihitung 0"))
        reformatted = ~nil & ~plain
        logs.append(entries(df, reformatted, aturan="format_uang", tindakan=CHANGED, kolom=column,
                            nilai_lama=df[column], nilai_baru=values[reformatted].astype("str"),
                            alasan="penulisan rupiah diseragamkan"))
        df[target] = values
    return df, pd.concat(logs, ignore_index=True)


def parse_workers(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """tenaga_kerja -> whole number >= 0 ('3 orang' reads as 3; blank/'-' as 0, logged).

    A malformed value ('dua', '2,5', '-3') raises InputError: it is a bad input, not dirt.
    """
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    values, nil, plain = _parse_integers(df, "tenaga_kerja", file, "tenaga kerja", plain=True, kind="count")
    reformatted = ~nil & ~plain
    logs = [
        entries(df, nil, aturan="tenaga_kerja_kosong_nol", tindakan=CHANGED, kolom="tenaga_kerja",
                nilai_lama=df["tenaga_kerja"], nilai_baru="0",
                alasan="kosong/'-': dihitung 0 tenaga kerja"),
        entries(df, reformatted, aturan="format_angka",
                tindakan=CHANGED, kolom="tenaga_kerja", nilai_lama=df["tenaga_kerja"],
                nilai_baru=values[reformatted].astype("str"), alasan="penulisan angka diseragamkan"),
    ]
    df["tenaga_kerja_n"] = values
    return df, pd.concat(logs, ignore_index=True)


def parse_no(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The register's running number 'no' (used to keep the first of duplicates)."""
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    values, nil = _parse_integers(df, "no", file, "nomor", kind="count")
    _first_bad(df, nil, file, "no", PARSE["cell_empty"])
    df["no_n"] = values
    return df, empty_log()


def drop_inactive(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms whose status says they stopped (Tidak Aktif, Tutup, Non Aktif)."""
    mask = df["status_kunci"].isin(STATUS_TIDAK_AKTIF)
    log = entries(df, mask, aturan="tidak_aktif", tindakan=DROPPED, kolom="status",
                  nilai_lama=df["status"], alasan="usaha sudah tidak aktif")
    return df.loc[~mask], log


def kota_is_city(kota: pd.Series, wilayah: dict) -> pd.Series:
    """True where kota names the declared ``wilayah`` ('Kota Payakumbuh', 'PAYAKUMBUH' for the
    seed); blank counts as the wilayah."""
    city = re.sub(r"^(kota|kabupaten|kab) ", "", _key_one(wilayah["nama"]))

    def one(text) -> bool:
        key = re.sub(r"^(kota|kabupaten|kab) ", "", _key_one(text))
        return key in (city, "")
    return pd.Series(per_value(kota, one, bool), index=kota.index)


def in_wilayah_by_code(df: pd.DataFrame, file, wilayah: dict) -> pd.Series | None:
    """True where the firm's BPS kabupaten/kota code (column kode_wilayah) lies in the declared
    wilayah (its kode_bps: 2 digits for a provinsi, 4 for a kota/kabupaten); None when matching
    goes by name (a kota/kabupaten without codes). A provinsi is matched by code only: its firms'
    kota column names many kota and kabupaten."""
    kode = str(wilayah.get("kode_bps") or "").strip()
    jenis = str(wilayah["jenis"]).strip().lower()
    if "kode_wilayah" not in df.columns or not kode:
        if jenis == "provinsi":
            raise InputError(file, PARSE["register_kode_wilayah_missing"].format(jenis=jenis),
                             column="kode_wilayah")
        return None
    codes = pd.Series(per_value(df["kode_wilayah"], lambda v: re.sub(r"[\s.]", "", str(v))), index=df.index)
    _first_bad(df, ~codes.str.fullmatch(r"\d{4}"), file, "kode_wilayah", PARSE["register_kode_wilayah"])
    return codes.str.startswith(kode)


def drop_moved(df: pd.DataFrame, file, wilayah: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms that moved out of the wilayah: status Pindah, or a region other than the one
    profil_instansi.yml declares (``wilayah``: jenis, nama, nama_bps, kode_bps), by BPS region
    code when the register carries kode_wilayah, else by the kota's name."""
    by_status = df["status_kunci"].isin(STATUS_PINDAH)
    inside = in_wilayah_by_code(df, file, wilayah)
    column = "kota" if inside is None else "kode_wilayah"
    if inside is None:
        inside = kota_is_city(df["kota"], wilayah)
    by_kota = ~by_status & ~inside
    logs = [
        entries(df, by_status, aturan="pindah_domisili", tindakan=DROPPED, kolom="status",
                nilai_lama=df["status"], alasan="pindah domisili"),
        entries(df, by_kota, aturan="pindah_domisili", tindakan=DROPPED, kolom=column,
                nilai_lama=df[column], alasan=f"berdomisili di luar {wilayah['nama_bps']}"),
    ]
    return df.loc[~(by_status | by_kota)], pd.concat(logs, ignore_index=True)


def normalise_kbli(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KBLI 2020 as five digits: '10.792', '1079 2', '10792 ' -> '10792'; otherwise raises."""
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
    code, changed = _mapped(df["kbli"], lambda v: _KBLI_SEPARATORS.sub("", str(v)))
    code = pd.Series(code, index=df.index, dtype="str")
    five = per_value(code, lambda v: _KBLI.fullmatch(v) is not None, bool)
    _first_bad(df, pd.Series(~five, index=df.index), file, "kbli", PARSE["kbli"])
    log = entries(df, changed, aturan="normalisasi_kbli", tindakan=CHANGED, kolom="kbli",
                  nilai_lama=df["kbli"], nilai_baru=code, alasan="kode KBLI ditulis 5 digit")
    df["kbli"] = code
    return df, log


def drop_non_manufacturing(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Drop firms whose KBLI is outside section C (first two digits not 10-33)."""
    manufacturing = per_value(df["kbli"], lambda v: int(v[:2]) in KBLI_C, bool)
    mask = pd.Series(~manufacturing, index=df.index)
    log = entries(df, mask, aturan="kbli_bukan_industri", tindakan=DROPPED, kolom="kbli",
                  nilai_lama=df["kbli"],
                  alasan="KBLI bukan industri pengolahan (kategori C, golongan pokok 10-33)")
    return df.loc[~mask], log


def duplicate_key(df: pd.DataFrame) -> pd.Series:
    """nama_usaha + alamat + kelurahan, ignoring case, spacing and punctuation."""
    parts = [per_value(df[c], _key_one).tolist() for c in ("nama_usaha", "alamat", "kelurahan")]
    return pd.Series([f"{a}|{b}|{c}" for a, b, c in zip(*parts)], index=df.index, dtype="str")


def text_key(*parts: str) -> str:
    """Scalar form of :func:`duplicate_key` (for generators and checks outside pandas)."""
    return "|".join(_key_one(p) for p in parts)


def _key_codes(df: pd.DataFrame) -> np.ndarray:
    """One integer per distinct :func:`duplicate_key` (equal keys, equal integers; not dense),
    without building the key strings."""
    codes = np.zeros(len(df), dtype=np.int64)
    size = 1  # distinct values codes can take
    for column in ("nama_usaha", "alamat", "kelurahan"):
        raw_codes, keys = match_keys(df[column])
        spread = np.empty(len(keys), dtype=object)
        spread[:] = keys
        key_codes, uniques = pd.factorize(spread)  # distinct texts can share a key
        n = max(len(uniques), 1)
        if size * n >= 2 ** 62:  # the pair would not fit in an integer: number the pairs anew
            codes, _ = pd.factorize(codes)
            size = int(codes.max()) + 1 if len(codes) else 1
        codes = codes * n + key_codes[raw_codes]
        size *= n
    return codes
def drop_duplicates(df: pd.DataFrame, file) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep the first firm (lowest 'no') of each duplicate key; log the row it duplicates."""
    rows = df[ROW].to_numpy()
    order = np.lexsort((rows, df["no_n"].to_numpy(dtype=np.int64)))  # stable: by no, then row
    codes, _ = pd.factorize(_key_codes(df)[order])
    # factorize numbers keys in order of first appearance: in 'no' order, a row is the first
    # of its key exactly when its code exceeds every code before it.
    first = np.ones(len(codes), dtype=bool)
    first[1:] = codes[1:] > np.maximum.accumulate(codes)[:-1]
    dropped = order[~first]  # positions in df, in 'no' order
    first_row = rows[order[np.flatnonzero(first)]][codes[~first]]
    sel = df.iloc[dropped]
    log = entries(sel, np.ones(len(sel), dtype=bool), aturan="duplikat", tindakan=DROPPED,
                  kolom="nama_usaha", nilai_lama=sel["nama_usaha"], alasan="data ganda",
                  duplikat_dari=pd.Series(first_row, index=sel.index))
    keep = np.ones(len(df), dtype=bool)
    keep[dropped] = False
    return df.loc[keep], log


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
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame
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
    df = df.copy(deep=False)  # copy-on-write: new columns never reach the caller's frame

    def one(text) -> tuple[bool, bool]:
        text = str(text)
        if len(text) == 13 and text.isdigit() and text.isascii():
            return True, False
        formal = _NIB13.fullmatch(_NIB_SEPARATORS.sub("", text)) is not None
        return formal, not formal and _DIGIT.search(text) is not None

    codes, flags = per_unique(df["nib"], one)
    formal = pd.Series(np.array([f for f, _ in flags], dtype=bool)[codes], index=df.index)
    invalid = pd.Series(np.array([i for _, i in flags], dtype=bool)[codes], index=df.index)
    log = entries(df, invalid, aturan="nib_tidak_valid", tindakan=CHANGED, kolom="nib",
                  nilai_lama=df["nib"], nilai_baru="",
                  alasan="NIB bukan 13 digit: dihitung non-formal")
    df["formal"] = formal.astype(bool)
    return df, log
