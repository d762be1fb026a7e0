"""Provenance manifest of data/raw: every raw file's source, unit, notes and sha256.

``data/raw/manifest.yml`` maps each file (path relative to data/raw) to its record. A raw
file that changes without its manifest entry changing is caught by :func:`check` (and by
the test suite): raw data never changes silently.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.config import Paths
from pipeline.inputs.rawfile import (
    load_yaml_text,
    raw_file_problem,
    read_text,
    sha256_file,
    write_atomic,
    yaml_nodes,
)
from pipeline.messages import MANIFEST
from pipeline.years.isian import is_workbook

REQUIRED_FIELDS = ("source", "table", "unit", "sha256")
# What a file is (its entry's optional 'jenis'): a transcription of the published LKjIP, generated
# stand-in data (the report that reads it is only an example), an agency declaration, or an original
# source document. A misspelt kind would pass synthetic data off as real: it stops the run.
TRANSCRIPTION, SYNTHETIC, DECLARATION, ORIGINAL = "transkripsi_lkjip", "sintetis", "deklarasi_instansi", "sumber_asli"
KINDS = (TRANSCRIPTION, SYNTHETIC, DECLARATION, ORIGINAL)
IGNORED = {"manifest.yml", "README.md"}


def ignored(name: str) -> bool:
    """Files under data/raw that are not raw inputs (manifest, README, hidden files, and the
    analyst's workbook under any name: a form, not raw data; `lkjip impor` writes the CSVs)."""
    return name in IGNORED or name.startswith(".") or is_workbook(name)


def outside(paths: Paths, rel: str) -> bool:
    """Does manifest entry ``rel`` name a place outside data/raw ('../..', an absolute path)?"""
    raw = paths.raw.resolve()
    return not (raw / rel).resolve().is_relative_to(raw) or Path(rel).is_absolute()


def load(paths: Paths) -> dict:
    if not paths.raw_manifest.is_file():
        return {}
    return _files(_parse(paths, read_text(paths.raw_manifest)))


def _parse(paths: Paths, text: str) -> dict:
    """The manifest document; InputError (file, line) for bad YAML or a wrong shape."""
    name = paths.rel(paths.raw_manifest)
    data = load_yaml_text(text, name) or {}
    if not isinstance(data, dict) or not isinstance(data.get("files") or {}, dict):
        from pipeline.errors import InputError

        raise InputError(name, MANIFEST["shape"])
    return data


def _files(data: dict) -> dict:
    files = data.get("files") or {}
    return {str(k): (v if isinstance(v, dict) else {}) for k, v in files.items()}


def kind(entry: dict) -> str:
    """The entry's declared 'jenis' ('' when not declared)."""
    return str(entry.get("jenis") or "").strip()


def citation(entry: dict) -> str:
    """How the report cites a raw file: its 'rujukan', else its source and table as recorded."""
    text = str(entry.get("rujukan") or "").strip()
    if not text:
        text = ", ".join(str(entry[k]).strip() for k in ("source", "table") if entry.get(k))
    return text + (" (transkripsi)" if kind(entry) == TRANSCRIPTION else "")


def raw_files(paths: Paths) -> list[str]:
    return sorted(
        str(p.relative_to(paths.raw)) for p in paths.raw.rglob("*")
        if p.is_file() and not ignored(p.name)
    )


CRITICAL = ("drift", "not_raw", "file_missing", "bad_kind")


def _problems(paths: Paths, files: list[str] | None) -> list[tuple[str, str]]:
    """(kind, message) for unlisted files, incomplete entries, drift, irregular files, missing files."""
    entries = load(paths)
    present = raw_files(paths)
    wanted = files if files is not None else present
    problems = []
    for rel in wanted:
        if outside(paths, rel):
            problems.append(("not_raw", f"data/raw/manifest.yml, kolom '{rel}': {MANIFEST['outside']}"))
            continue
        path = paths.raw / rel
        problem = raw_file_problem(path, paths)
        if problem:
            problems.append(("not_raw", f"data/raw/{rel}: {problem}"))
        entry = entries.get(rel)
        if entry is None:
            problems.append(("unlisted", MANIFEST["unlisted"].format(rel=rel)))
            continue
        # One line per file for its missing fields; drift (critical) is never hidden behind them.
        missing = [field for field in REQUIRED_FIELDS if not entry.get(field)]
        if missing:
            problems.append(("no_field", MANIFEST["no_field"].format(rel=rel, field="', '".join(missing))))
        if kind(entry) and kind(entry) not in KINDS:
            problems.append(("bad_kind", MANIFEST["bad_kind"].format(rel=rel, value=kind(entry),
                                                                     kinds=", ".join(KINDS))))
        if not problem and path.is_file() and entry.get("sha256") \
                and sha256_file(path) != entry["sha256"]:
            problems.append(("drift", MANIFEST["drift"].format(rel=rel)))
    if files is None:
        for rel in entries:
            if outside(paths, rel):
                problems.append(("not_raw", f"data/raw/manifest.yml, kolom '{rel}': {MANIFEST['outside']}"))
            elif rel not in present:
                problems.append(("file_missing", MANIFEST["file_missing"].format(rel=rel)))
    return problems


def check(paths: Paths, files: list[str] | None = None) -> list[str]:
    """Problems with the manifest: unlisted files, missing files, incomplete entries, hash drift."""
    return [message for _, message in _problems(paths, files)]


def critical(paths: Paths, year: int) -> list[str]:
    """Problems that stop ``run`` exactly as they stop ``check-inputs``: a raw file of ``year``
    or common/ whose content drifted from its recorded sha256, or that is not a regular file
    inside data/raw."""
    if not paths.raw_manifest.is_file():
        return []
    present = [rel for rel in raw_files(paths) if rel.startswith((f"{year}/", "common/"))]
    return [message for kind, message in _problems(paths, present) if kind in CRITICAL]


def read_document(paths: Paths) -> tuple[str, dict]:
    """(comment header, document) of the manifest, for a command that rewrites it: read as every
    reader reads it (strict YAML, located problems), with the header kept."""
    text, doc = _read(paths)
    return _header(text), doc


def _read(paths: Paths) -> tuple[str, dict]:
    """(text, document) of the manifest, for a command that rewrites it."""
    text = paths.raw_manifest.read_text(encoding="utf-8")
    return text, _parse(paths, text)


def _header(text: str) -> str:
    return "".join(line for line in text.splitlines(True) if line.startswith("#"))


def write_document(paths: Paths, header: str, doc: dict) -> None:
    """Write the manifest back (atomically): the header, then the document, its keys in the order read."""
    write_atomic(paths.raw_manifest, _dumped(header, doc))


def _dumped(header: str, doc: dict) -> str:
    return header + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def update_hashes(paths: Paths) -> list[str]:
    """Rewrite sha256 for listed files (a deliberate act after a reviewed change). Returns changed.

    Only the changed sha256 values are rewritten, in place: the analyst's notes, comments and
    line breaks stay as typed, and a manifest with nothing to change is not written at all."""
    text, doc = _read(paths)
    for rel in doc.get("files") or {}:
        if outside(paths, str(rel)):
            from pipeline.errors import InputError

            raise InputError(paths.rel(paths.raw_manifest), MANIFEST["outside"], column=str(rel))
    digests = {}
    for rel, entry in (doc.get("files") or {}).items():
        path = paths.raw / rel
        if path.is_file() and isinstance(entry, dict) and not raw_file_problem(path, paths):
            digest = sha256_file(path)
            if entry.get("sha256") != digest:
                entry["sha256"] = digest
                digests[rel] = digest
    if digests:
        updated = _with_digests(text, digests)
        if updated is None or _parse(paths, updated) != doc:
            updated = _dumped(_header(text), doc)
        write_atomic(paths.raw_manifest, updated)
    return list(digests)


def _with_digests(text: str, digests: dict) -> str | None:
    """``text`` with the sha256 value of each entry in ``digests`` replaced where it is written,
    or None when one of them is not a one-line scalar there (no sha256 yet, a block scalar): the
    caller then writes the whole document."""
    files = _value(yaml_nodes(text), "files")
    spans = []
    for rel, digest in digests.items():
        value = _value(_value(files, rel), "sha256")
        if (not isinstance(value, yaml.ScalarNode) or value.style not in (None, "", "'", '"')
                or value.start_mark.line != value.end_mark.line or digest.isdigit()):
            return None
        spans.append((value.start_mark.index, value.end_mark.index, digest))
    for start, end, digest in sorted(spans, reverse=True):
        text = text[:start] + digest + text[end:]
    return text


def _value(node, key: str):
    """The value node of ``key`` in a mapping node (None when absent or not a mapping)."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if isinstance(k, yaml.ScalarNode) and k.value == key:
                return v
    return None
