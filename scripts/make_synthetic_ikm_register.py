"""Generate the SYNTHETIC 2024 Pendataan IKM register: data/raw/2024/ikm_register.csv.

The real firm-level export of the 2024 survey is not public. This script makes a stand-in
that is clearly labelled synthetic (every row: sumber_data "SINTETIS - bukan data riil") and
whose CLEANED aggregates equal the 2024 totals the LKjIP publishes ("Pendataan lapangan"
under sasaran 2, Tabel 3.17/3.18):

    2.500 active firms (2.483 mikro, 17 kecil, 0 menengah; 1.400 formal, 1.100 non-formal),
    7.563 workers, investment Rp 100.687.145.000, production Rp 301.636.853.935.

It then adds the dirt the seed says the survey removed (inactive firms, duplicates, firms
that moved away, KBLI outside manufacturing) and messy formats, in tens of rows each.
Names, addresses and NIBs are invented; kelurahan are those in the seed's halal lists.

Deterministic on any CPU: numpy's default_rng with a fixed seed, stable sorts with explicit
tie-breaks, no CPU-dispatched transcendental ufuncs (np.log, np.power) feeding a draw, no
set/dict iteration over random state, fixed line endings; the same bytes on every run. After writing, it cleans the file
with pipeline.clean.ikm and refuses to finish unless the published totals come out.

    .venv/bin/python scripts/make_synthetic_ikm_register.py [--out PATH] [--no-check]
"""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEED = 20240517  # the day of the survey's Sosialisasi Petunjuk Teknis (seed, sasaran 2)
SYNTHETIC = "SINTETIS - bukan data riil"
COLUMNS = ["no", "id_ikm", "nama_usaha", "nama_pemilik", "alamat", "kelurahan", "kota", "kbli",
           "jenis_industri", "nib", "tenaga_kerja", "nilai_investasi", "nilai_produksi", "status",
           "keterangan", "sumber_data"]

# Published 2024 totals (seed: "Pendataan lapangan" and Tabel 3.17/3.18).
N_MIKRO, N_KECIL = 2483, 17
N_FORMAL = 1400
WORKERS = 7563
INVESTMENT_RP = 100_687_145_000
PRODUCTION_RP = 301_636_853_935

# Dirt, in rows.
N_INACTIVE, N_MOVED_STATUS, N_MOVED_KOTA, N_NON_C, N_DUPLICATES, N_BESAR = 64, 18, 13, 38, 42, 3
N_BAD_NIB = 4

KELURAHAN = [  # addresses in the seed's halal certificate lists (sasaran 2)
    "Parak Batuang", "Ikua Koto Dibalai", "Payolansek", "Padang Tinggi Piliang", "Balai Panjang",
    "Tigo Koto Diate", "Balai Kaliki", "Bulakan Balai Kandi", "Kapalo Koto Dibalai",
    "Tigo Koto Dibaruah", "Talang", "Padang Sikabu", "Kotokociak Kubutapakrajo", "Parambahan",
    "Ibuah", "Tanjung Pauh", "Subarang Batuang", "Nunang Daya Bangun", "Napar", "Pakan Sinayan",
    "Padangdata Tanahmati", "Koto Tangah", "Balai Gadang", "Koto Panjang Payobasuang",
    "Sungai Durian",
]
OUTSIDE = [("Kab. Lima Puluh Kota", "Tanjung Pati"), ("Kab. Lima Puluh Kota", "Koto Baru Simalanggang"),
           ("Kab. Lima Puluh Kota", "Taram"), ("Kab. Lima Puluh Kota", "Sarilamak"),
           ("Kota Bukittinggi", "Aur Kuning"), ("Kab. Tanah Datar", "Baringin")]

# jenis_industri -> (share of firms, [(KBLI 2020, product words for names, weight)])
INDUSTRY = {
    "Pangan": (0.62, [
        ("10130", ["Rendang", "Randang", "Dendeng Batokok", "Abon"], 3),
        ("10794", ["Keripik Sanjai", "Kerupuk Sanjai", "Kerupuk Kulit", "Karupuak Lado", "Keripik Balado"], 5),
        ("10796", ["Galamai", "Dodol", "Kalamai"], 2),
        ("10710", ["Bakery", "Roti", "Kue Kering", "Bolu"], 3),
        ("10792", ["Kue Basah", "Lapek", "Kue Bika", "Lamang Tapai"], 3),
        ("10793", ["Tahu", "Tempe", "Kacang Tojin"], 2),
        ("10761", ["Kopi Bubuk", "Kopi Kawa"], 1),
        ("10750", ["Katering", "Sambalado", "Gulai Kemasan"], 1),
    ]),
    "Sandang dan Kulit": (0.13, [
        ("14111", ["Konveksi", "Penjahit", "Busana Muslim"], 4),
        ("13134", ["Batik", "Tenun"], 1),
        ("13929", ["Bordir", "Sulaman", "Mukena Bordir"], 2),
        ("15201", ["Sepatu", "Sandal"], 1),
        ("15121", ["Tas Kulit", "Dompet Kulit"], 1),
    ]),
    "Kimia dan Bahan Bangunan": (0.08, [
        ("23921", ["Batu Bata", "Bata Merah"], 3),
        ("23953", ["Batako", "Paving Blok", "Buis Beton"], 3),
        ("20231", ["Sabun Cuci", "Sabun Herbal"], 1),
        ("22299", ["Plastik Kemasan"], 1),
    ]),
    "Logam Mesin dan Elektronika": (0.07, [
        ("25112", ["Las Teralis", "Bengkel Las", "Kanopi Baja Ringan"], 4),
        ("25931", ["Pandai Besi", "Pisau dan Parang"], 2),
        ("28250", ["Mesin Pengolah Pangan", "Mesin Perontok"], 1),
        ("33120", ["Servis Mesin Industri"], 1),
    ]),
    "Kerajinan": (0.10, [
        ("31001", ["Mebel", "Furnitur Kayu", "Lemari Jati"], 4),
        ("16293", ["Ukiran Kayu", "Ukiran Minang"], 2),
        ("16292", ["Anyaman Pandan", "Anyaman Bambu"], 2),
        ("32111", ["Perhiasan Perak", "Perak Filigri"], 1),
        ("32909", ["Souvenir", "Miniatur Rumah Gadang"], 1),
    ]),
}
NON_C = [("47111", "Toko Kelontong", "Pangan"), ("56101", "Rumah Makan", "Pangan"),
         ("56102", "Warung Nasi", "Pangan"), ("56303", "Kedai Kopi", "Pangan"),
         ("96012", "Laundry", "Sandang dan Kulit"), ("45405", "Bengkel Motor", "Logam Mesin dan Elektronika"),
         ("47241", "Toko Roti", "Pangan")]

PREFIXES = ["Uni", "Mak", "Ni", "Da", "Bundo", "Etek", "Pak", "Amak", "Ajo", "Uda", "", "", "", ""]
NICKNAMES = ["Nur", "Ros", "Yus", "Eli", "Upik", "Lis", "Ema", "Ita", "Ani", "Rina", "Yeni", "Des",
             "Wati", "Ria", "Ijah", "Unung", "Emi", "Ida", "Neli", "Fitri", "Syaf", "Ujang", "Buyung",
             "Iwan", "Dedi", "Rizal", "Hendra", "Ucok", "Andi", "Zul", "Dodi", "Indra", "Afri", "Yanti",
             "Mega", "Suci", "Vivi", "Dewi", "Sari", "Tuti"]
BRANDS = ["Berkah", "Barokah", "Saiyo", "Sakato", "Minang", "Bundo", "Rang Kampuang", "Sejahtera",
          "Mandiri", "Family", "Jaya", "Maju", "Saudara", "Harapan", "Lestari", "Amanah", "Cahaya",
          "Mustika", "Permata", "Kurnia", "Salero", "Kito", "Tigo Sapilin", "Luak Limo Puluah"]
GIVEN = ["Nurhayati", "Yusnimar", "Syafrial", "Afrizal", "Deswita", "Rahmi", "Yelmi", "Mardianis",
         "Zulkifli", "Hendra", "Rosmaniar", "Asnimar", "Elfi", "Yusrizal", "Darmawati", "Nofrizal",
         "Hasnah", "Jusmaniar", "Syamsul", "Irwan", "Erni", "Novita", "Zainal", "Fauzi", "Yulia",
         "Suryani", "Rusdi", "Armaini", "Efendi", "Wirda", "Masril", "Netti", "Gusnadi", "Elvi",
         "Basri", "Yuliarti", "Khairul", "Marlina", "Desri", "Mulyadi"]
FAMILY = ["", "", "Dt. Rajo Api", "Chaniago", "Piliang", "Koto", "Tanjung", "Sikumbang", "Caniago",
          "Melayu", "Jambak", "Dt. Bandaro", "St. Mangkuto", "St. Sinaro"]
STREETS = ["Jl. Soekarno-Hatta", "Jl. Sudirman", "Jl. A. Yani", "Jl. Imam Bonjol", "Jl. Tan Malaka",
           "Jl. Diponegoro", "Jl. Rasuna Said", "Jl. Veteran", "Jl. Pahlawan", "Jl. Sutan Usman",
           "Jl. Prof. M. Yamin", "Jl. Khatib Sulaiman", "Jl. Ade Irma Suryani", "Jl. Pacuan Kuda",
           "Jl. Sisingamangaraja", "Jl. Gatot Subroto", "Jl. Datuak Parpatiah", "Jl. Ahmad Dahlan",
           "Jl. Kapten Tantawi", "Jl. Ombilin", "Jl. Lingkar Utara", "Jl. Bukittinggi-Payakumbuh"]


# --- fitting exact totals ---------------------------------------------------------------

def fit_total(weights: np.ndarray, target: int, unit: int, hi: np.ndarray) -> np.ndarray:
    """Whole numbers proportional to ``weights`` that sum to ``target`` exactly.

    Values are multiples of ``unit`` except one row that takes the last remainder below
    ``unit``; no value exceeds its ``hi``; zero weights stay zero, positive ones stay >= unit.
    Scaling is repeated with the capped rows fixed, then the rounding deficit goes to the
    rows with the largest remainders (largest-remainder method).
    """
    weights = np.asarray(weights, dtype=float)
    hi = np.broadcast_to(np.asarray(hi, dtype=float), weights.shape)
    capped = np.zeros(weights.shape, dtype=bool)
    for _ in range(50):
        free = ~capped & (weights > 0)
        budget = target - (np.floor(hi / unit) * unit)[capped].sum()
        values = np.where(capped, np.floor(hi / unit) * unit, weights * budget / weights[free].sum())
        over = free & (values > hi)
        if not over.any():
            break
        capped |= over
    else:
        raise RuntimeError("cannot fit the total under the caps")
    units = np.floor(values / unit)
    units[(weights > 0) & (units < 1)] = 1
    remainder = values / unit - units
    deficit_units = int((target - units.sum() * unit) // unit)
    order = np.argsort(-remainder, kind="stable")
    room = (np.floor(hi / unit) - units) >= 1
    if deficit_units > 0:
        eligible = order[room[order] & (weights[order] > 0)]
        units[eligible[:deficit_units]] += 1
    elif deficit_units < 0:
        eligible = order[::-1][(units[order[::-1]] > 1)]
        units[eligible[: -deficit_units]] -= 1
    out = units.astype(np.int64) * unit
    leftover = int(target - out.sum())
    assert 0 <= leftover < unit, leftover
    if leftover:
        slack = np.where(weights > 0, hi - out, -1)
        out[int(np.argmax(slack))] += leftover
    assert int(out.sum()) == target and (out <= hi).all()
    return out


def fit_integers(values: np.ndarray, target: int, lo: int, hi: int, rng) -> np.ndarray:
    """Move ``values`` by +-1 on random rows (within [lo, hi]) until they sum to ``target``."""
    values = values.copy()
    while (diff := target - int(values.sum())) != 0:
        step = 1 if diff > 0 else -1
        movable = np.flatnonzero((values + step >= lo) & (values + step <= hi))
        picked = rng.choice(movable, size=min(abs(diff), len(movable)), replace=False)
        values[np.sort(picked)] += step
    return values


def _pow(values: np.ndarray, exponent: float) -> np.ndarray:
    """``values ** exponent`` element by element with the C library's pow.

    numpy dispatches transcendental ufuncs (log, exp, power) to CPU-specific SIMD kernels whose
    last bit may differ between machines; the draws that follow must not depend on the CPU.
    """
    return np.array([math.pow(float(v), exponent) for v in values])


# --- firms ------------------------------------------------------------------------------

def pick(rng, items):
    return items[int(rng.integers(len(items)))]


def make_identity(rng, jenis: str, taken: set[str], product_kbli=None):
    """(nama_usaha, nama_pemilik, alamat, kelurahan, kbli) unique on the duplicate key."""
    from pipeline.clean.ikm_rules import text_key

    groups = INDUSTRY[jenis][1]
    weights = np.array([g[2] for g in groups], dtype=float)
    while True:
        if product_kbli is None:
            kbli, products, _ = groups[int(rng.choice(len(groups), p=weights / weights.sum()))]
            product = pick(rng, products)
        else:
            kbli, product = product_kbli
        style = int(rng.integers(3))
        nick = pick(rng, NICKNAMES)
        if style == 0:
            name = " ".join(p for p in (product, pick(rng, PREFIXES), nick) if p)
        elif style == 1:
            name = f"{product} {pick(rng, BRANDS)}"
        else:
            name = f"{pick(rng, BRANDS)} {product}"
        owner = " ".join(p for p in (pick(rng, GIVEN), pick(rng, FAMILY)) if p)
        alamat = f"{pick(rng, STREETS)} No. {int(rng.integers(1, 200))}"
        kelurahan = pick(rng, KELURAHAN)
        key = text_key(name, alamat, kelurahan)
        if key not in taken:
            taken.add(key)
            return name, owner, alamat, kelurahan, kbli


def new_nib(rng, used: set[str]) -> str:
    while True:
        nib = "9120" + "".join(str(d) for d in rng.integers(0, 10, size=9))
        if nib not in used:
            used.add(nib)
            return nib


def base_firms(rng, taken, nibs) -> list[dict]:
    """The 2.500 firms that survive cleaning, with the published totals exactly."""
    n = N_MIKRO + N_KECIL
    kecil = np.zeros(n, dtype=bool)
    kecil[rng.choice(n, size=N_KECIL, replace=False)] = True
    jenis_names = list(INDUSTRY)
    shares = np.array([INDUSTRY[j][0] for j in jenis_names])
    jenis = [jenis_names[i] for i in rng.choice(len(jenis_names), size=n, p=shares / shares.sum())]

    workers = np.where(kecil, rng.integers(5, 20, size=n), 1 + rng.poisson(2.0, size=n))
    workers = np.where(kecil, workers, np.minimum(workers, 12))
    mikro_idx = np.flatnonzero(~kecil)
    workers[mikro_idx] = fit_integers(workers[mikro_idx], WORKERS - int(workers[kecil].sum()), 1, 12, rng)

    investment = np.zeros(n, dtype=np.int64)
    investment[kecil] = (rng.uniform(1.05e9, 3.6e9, size=N_KECIL) // 5_000_000 * 5_000_000).astype(np.int64)
    inv_weight = rng.lognormal(math.log(10e6), 1.1, size=len(mikro_idx))
    inv_weight[rng.random(len(mikro_idx)) < 0.02] = 0  # household tools only: reports no investment
    investment[mikro_idx] = fit_total(inv_weight, INVESTMENT_RP - int(investment[kecil].sum()),
                                      100_000, np.full(len(mikro_idx), 1_000_000_000.0))

    prod_weight = _pow(workers, 0.8) * rng.lognormal(math.log(25e6), 0.9, size=n) * np.where(kecil, 8.0, 1.0)
    prod_weight[(~kecil) & (rng.random(n) < 0.006)] = 0  # started late in the year: no production yet
    production = fit_total(prod_weight, PRODUCTION_RP, 1000, np.where(kecil, 50e9, 1.9e9))

    # Formal (NIB) is likelier for firms with more capital; every kecil firm has one.
    formal = kecil.copy()
    # Ranks with ties broken by row position: a stable sort on an explicit key. numpy's default
    # sort is unstable and picks its kernel per CPU, so ties (investment is rounded to Rp 100.000
    # and ~2 % are zero) would rank differently on another machine and change every later draw.
    rank = np.empty(len(mikro_idx))
    rank[np.lexsort((np.arange(len(mikro_idx)), investment[mikro_idx]))] = np.arange(1.0, len(mikro_idx) + 1)
    chosen = rng.choice(mikro_idx, size=N_FORMAL - N_KECIL, replace=False, p=rank / rank.sum())
    formal[chosen] = True

    firms = []
    for i in range(n):
        name, owner, alamat, kelurahan, kbli = make_identity(rng, jenis[i], taken)
        firms.append({
            "nama_usaha": name, "nama_pemilik": owner, "alamat": alamat, "kelurahan": kelurahan,
            "kota": "Kota Payakumbuh", "kbli": kbli, "jenis_industri": jenis[i],
            "nib": new_nib(rng, nibs) if formal[i] else pick(rng, ["", "", "", "-", "belum ada", "proses"]),
            "tenaga_kerja": str(int(workers[i])), "nilai_investasi": str(int(investment[i])),
            "nilai_produksi": str(int(production[i])), "status": "Aktif", "keterangan": "",
        })
    # A few typed-in NIBs one digit short: the cleaning counts them non-formal and logs them.
    for i in rng.choice(np.flatnonzero(~formal), size=N_BAD_NIB, replace=False):
        firms[i]["nib"] = "9120" + "".join(str(d) for d in rng.integers(0, 10, size=8))
    for i in np.flatnonzero(investment == 0):
        firms[i]["nilai_investasi"] = pick(rng, ["-", "", "0"])
    for i in np.flatnonzero(production == 0):
        firms[i]["nilai_produksi"] = pick(rng, ["-", ""])
        firms[i]["keterangan"] = "baru mulai produksi"
    return firms


def random_money(rng, median: float) -> str:
    return str(int(rng.lognormal(math.log(median), 1.0) // 100_000 * 100_000))


def dirt_firm(rng, taken, nibs, jenis=None, product_kbli=None) -> dict:
    jenis = jenis or pick(rng, list(INDUSTRY))
    name, owner, alamat, kelurahan, kbli = make_identity(rng, jenis, taken, product_kbli)
    formal = rng.random() < 0.5
    return {
        "nama_usaha": name, "nama_pemilik": owner, "alamat": alamat, "kelurahan": kelurahan,
        "kota": "Kota Payakumbuh", "kbli": kbli, "jenis_industri": jenis,
        "nib": new_nib(rng, nibs) if formal else "",
        "tenaga_kerja": str(int(1 + rng.poisson(1.5))), "nilai_investasi": random_money(rng, 10e6),
        "nilai_produksi": random_money(rng, 40e6), "status": "Aktif", "keterangan": "",
    }


def inactive_firms(rng, taken, nibs) -> list[dict]:
    out = []
    for _ in range(N_INACTIVE):
        firm = dirt_firm(rng, taken, nibs)
        firm["status"] = pick(rng, ["Tidak Aktif", "tidak aktif", " TIDAK AKTIF ", "Tutup", "tutup", "Non Aktif"])
        firm["tenaga_kerja"] = pick(rng, ["0", "-", "", firm["tenaga_kerja"]])
        firm["nilai_produksi"] = pick(rng, ["-", "", "0", firm["nilai_produksi"]])
        firm["keterangan"] = pick(rng, ["tidak berproduksi lagi", "usaha tutup sejak 2022",
                                        "tidak ditemukan di lapangan", "pemilik meninggal dunia", ""])
        out.append(firm)
    return out


def moved_firms(rng, taken, nibs) -> list[dict]:
    out = []
    for k in range(N_MOVED_STATUS + N_MOVED_KOTA):
        firm = dirt_firm(rng, taken, nibs)
        kota, nagari = pick(rng, OUTSIDE)
        firm["keterangan"] = f"pindah domisili ke {kota}"
        if k < N_MOVED_STATUS:
            firm["status"] = pick(rng, ["Pindah", "pindah", "PINDAH", "Pindah Domisili"])
        else:
            firm["kota"], firm["kelurahan"] = kota, nagari
        out.append(firm)
    return out


def non_manufacturing_firms(rng, taken, nibs) -> list[dict]:
    out = []
    for k in range(N_NON_C):
        kbli, product, jenis = NON_C[k % len(NON_C)]
        firm = dirt_firm(rng, taken, nibs, jenis=jenis, product_kbli=(kbli, product))
        if k % 9 == 4:
            firm["kbli"] = kbli[:4] + " " + kbli[4]  # "4711 1": typed with a stray space
        out.append(firm)
    return out


def besar_firms(rng, taken, nibs) -> list[dict]:
    out = []
    for jenis in ("Pangan", "Kimia dan Bahan Bangunan", "Kerajinan")[:N_BESAR]:
        firm = dirt_firm(rng, taken, nibs, jenis=jenis)
        firm["nama_usaha"] = "PT. " + firm["nama_usaha"]
        firm["nib"] = new_nib(rng, nibs)
        firm["tenaga_kerja"] = str(int(rng.integers(40, 120)))
        firm["nilai_investasi"] = str(int(rng.uniform(12e9, 30e9) // 1_000_000 * 1_000_000))
        firm["nilai_produksi"] = str(int(rng.uniform(30e9, 80e9) // 1_000_000 * 1_000_000))
        out.append(firm)
    return out


# --- dirt in the surviving rows -------------------------------------------------------------

def messy_case(rng, text: str) -> str:
    return pick(rng, [text.upper(), text.lower(), text.title()])


def messy_spacing(rng, text: str) -> str:
    words = text.split(" ")
    i = int(rng.integers(len(words)))
    words[i] = words[i] + " "  # a double space somewhere
    return pick(rng, ["", " "]) + " ".join(words) + pick(rng, ["", " ", "  "])


def messy_punctuation(rng, text: str) -> str:
    return pick(rng, [text + ".", text.replace(" ", ", ", 1), text.replace("No. ", "No.").replace("Jl. ", "Jl ")])


def duplicate_of(rng, firm: dict) -> dict:
    """The same firm entered twice: same data, text differing in case, spacing or punctuation."""
    twin = dict(firm)
    variants = [messy_case, messy_spacing, messy_punctuation]
    for column in ("nama_usaha", "alamat"):
        if rng.random() < 0.7:
            twin[column] = variants[int(rng.integers(3))](rng, twin[column])
    if twin["nama_usaha"] == firm["nama_usaha"] and twin["alamat"] == firm["alamat"]:
        twin["nama_usaha"] = twin["nama_usaha"].upper() + "."
    if rng.random() < 0.3:
        twin["kelurahan"] = twin["kelurahan"].upper()
    if rng.random() < 0.3 and twin["nilai_investasi"].isdigit():
        twin["nilai_investasi"] = rupiah_style(rng, int(twin["nilai_investasi"]))
    return twin


def rupiah_style(rng, value: int) -> str:
    dotted = f"{value:,}".replace(",", ".")
    return pick(rng, [f"Rp {dotted},-", dotted, f"Rp{value}", f"Rp. {dotted}"])


def dirty_formats(rng, firms: list[dict]) -> None:
    """Messy but readable formats, in tens of rows, on firms the cleaning keeps."""
    n = len(firms)

    def some(k):
        return rng.choice(n, size=k, replace=False)

    for i in some(60):
        if firms[i]["nilai_investasi"].isdigit():
            firms[i]["nilai_investasi"] = rupiah_style(rng, int(firms[i]["nilai_investasi"]))
    for i in some(45):
        if firms[i]["nilai_produksi"].isdigit():
            firms[i]["nilai_produksi"] = rupiah_style(rng, int(firms[i]["nilai_produksi"]))
    for i in some(40):
        nib = firms[i]["nib"]
        if len(nib) == 13 and nib.isdigit():
            firms[i]["nib"] = pick(rng, [f"{nib[:4]} {nib[4:8]} {nib[8:12]} {nib[12]}",
                                         f"{nib[:4]}-{nib[4:8]}-{nib[8:]}", "'" + nib, nib + " "])
    for i in some(35):
        firms[i]["status"] = pick(rng, ["aktif", "AKTIF", " Aktif ", "Aktif "])
    for i in some(35):
        firms[i]["jenis_industri"] = pick(rng, [firms[i]["jenis_industri"].upper(),
                                                firms[i]["jenis_industri"].lower(),
                                                firms[i]["jenis_industri"].replace(" dan ", " & ")])
    for i in some(30):
        firms[i]["kelurahan"] = messy_case(rng, firms[i]["kelurahan"])
    for i in some(30):
        firms[i]["nama_usaha"] = messy_spacing(rng, firms[i]["nama_usaha"])
    for i in some(20):
        firms[i]["alamat"] = messy_spacing(rng, firms[i]["alamat"])
    for i in some(20):
        firms[i]["kota"] = pick(rng, ["PAYAKUMBUH", "Payakumbuh", "Kota  Payakumbuh", "kota payakumbuh"])
    for i in some(15):
        kbli = firms[i]["kbli"]
        firms[i]["kbli"] = pick(rng, [f"{kbli[:2]}.{kbli[2:]}", f"{kbli[:4]} {kbli[4]}", f" {kbli}"])
    for i in some(12):
        firms[i]["tenaga_kerja"] = firms[i]["tenaga_kerja"] + pick(rng, [" orang", " org", " "])


# --- assembly ---------------------------------------------------------------------------

def generate() -> str:
    """The register as CSV text."""
    rng = np.random.default_rng(SEED)
    taken: set[str] = set()
    nibs: set[str] = set()
    firms = base_firms(rng, taken, nibs)
    for i, firm in enumerate(firms):
        firm["id_ikm"] = f"1376-{i + 1:05d}"  # 1376: BPS code of Kota Payakumbuh
    twins = [duplicate_of(rng, firms[i]) for i in np.sort(rng.choice(len(firms), N_DUPLICATES, replace=False))]
    dirty_formats(rng, firms)
    others = (inactive_firms(rng, taken, nibs) + moved_firms(rng, taken, nibs)
              + non_manufacturing_firms(rng, taken, nibs) + besar_firms(rng, taken, nibs))
    next_id = len(firms) + 1
    for firm in others + twins:  # each entry of a duplicate pair got its own id in the survey app
        firm["id_ikm"] = f"1376-{next_id:05d}"
        next_id += 1
    rows = firms + others + twins
    # Exported kelurahan by kelurahan (each enumerator's batch), in random order within one.
    tiebreak = rng.permutation(len(rows))
    order = sorted(range(len(rows)), key=lambda i: (rows[i]["kelurahan"].strip().casefold(), int(tiebreak[i])))
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(COLUMNS)
    for number, i in enumerate(order, start=1):
        row = dict(rows[i], no=str(number), sumber_data=SYNTHETIC)
        writer.writerow([row[c] for c in COLUMNS])
    return buffer.getvalue()


def check(path: Path) -> dict:
    """Clean the written file and insist on the published totals."""
    from pipeline.clean.ikm import aggregate_register, clean_register
    from pipeline.config import Paths
    from pipeline.inputs import rawfile

    paths = Paths(ROOT)  # the register is this checkout's agency's (its declared wilayah)
    rawfile.set_project(paths)
    perusahaan, _ = clean_register(path, paths)
    got = aggregate_register(perusahaan, 2024)
    want = {"unit_usaha": N_MIKRO + N_KECIL, "mikro": N_MIKRO, "kecil": N_KECIL, "menengah": 0,
            "formal": N_FORMAL, "non_formal": N_MIKRO + N_KECIL - N_FORMAL, "tenaga_kerja": WORKERS}
    wrong = {k: (got[k], v) for k, v in want.items() if got[k] != v}
    if int(perusahaan["investasi_rp"].sum()) != INVESTMENT_RP:
        wrong["investasi_rp"] = (int(perusahaan["investasi_rp"].sum()), INVESTMENT_RP)
    if int(perusahaan["nilai_produksi_rp"].sum()) != PRODUCTION_RP:
        wrong["nilai_produksi_rp"] = (int(perusahaan["nilai_produksi_rp"].sum()), PRODUCTION_RP)
    if wrong:
        raise SystemExit(f"cleaned totals differ from the published ones (got, want): {wrong}")
    return got


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "raw" / "2024" / "ikm_register.csv")
    parser.add_argument("--no-check", action="store_true", help="skip cleaning the result")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(generate().encode("utf-8"))
    if not args.no_check:
        check(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
