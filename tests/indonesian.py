"""Is a message an analyst reads Indonesian, without Python internals or absolute paths?

A heuristic good enough to catch an English sentence or a leaked repr: English function
words and error vocabulary that never occur in the Indonesian catalogue, Python class names
of exceptions, dict/bytes reprs, and absolute paths.
"""

from __future__ import annotations

import re

ENGLISH = {
    "the", "is", "are", "not", "cannot", "can't", "file", "row", "rows", "column", "columns",
    "value", "values", "missing", "found", "must", "error", "expected", "unexpected", "failed",
    "step", "line", "please", "should", "which", "was", "were", "has", "have", "with", "without",
    "from", "into", "only", "unknown", "invalid", "required", "empty", "blank", "listed",
    "changed", "does", "exist", "nothing", "written", "run", "another", "interrupted",
    "of", "and", "in", "after", "none", "each", "seed", "untitled", "narrative", "selected",
}
INDONESIAN = {
    "baris", "kolom", "nilai", "berkas", "tidak", "harus", "wajib", "belum", "ada", "dan", "atau",
    "dengan", "untuk", "di", "ke", "dari", "yang", "bukan", "sudah", "isi", "diisi", "kosong",
    "langkah", "gagal", "laporan", "tahun", "folder", "jalankan", "periksa", "simpan", "tulis",
    "peringatan", "diperbarui", "kegagalan", "validasi", "kritis", "sel", "angka", "berubah",
    "nama", "ganda",
}
REPR = re.compile(r"\{'|'\}|\bb'|<(block end|block mapping start|scalar|unicode string|class |[\w.]+ object at)|\b[A-Z][a-zA-Z]*(Error|Exception)\b|Traceback")
ABSOLUTE = re.compile(r"(?<![\w.])/(tmp|home|work|root|usr|etc|var)/")


def english_words(text: str) -> set[str]:
    """English words of ``text`` outside quoted values, paths, code spans and placeholders."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\{[^}]*\}", " ", text)
    text = re.sub(r"\S*/\S*|\S+\.(csv|yml|yaml|ipynb|json|html|xlsx)\b", " ", text)
    words = {w.lower() for w in re.findall(r"[A-Za-z']+", text)}
    return words & ENGLISH


def problems(text: str) -> list[str]:
    """Why ``text`` is not an acceptable analyst-facing message ([] when it is)."""
    found = []
    english = english_words(text)
    if english:
        found.append(f"English words {sorted(english)}")
    if REPR.search(text):
        found.append(f"Python repr {REPR.search(text).group(0)!r}")
    if ABSOLUTE.search(text):
        found.append("absolute path")
    words = {w.lower() for w in re.findall(r"[A-Za-z]+", text)}
    if text.strip() and not words & INDONESIAN:
        found.append("no Indonesian word")
    return found
