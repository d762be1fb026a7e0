"""Raw input files as bytes, text and YAML, without pandas (the run's no-change path and the
manifest check import this module; table reading lives in :mod:`pipeline.inputs.rawio`).

A raw input is a regular file inside data/raw (a symlink to a file elsewhere is refused);
text is UTF-8 (undecodable bytes are shown as a Windows editor would show them, with the
encoding hint); YAML is loaded safely, refusing tags and duplicate keys.

The project whose raw files a process reads is set once, by its entry point (the ``lkjip``
command, a notebook's setup cell through pipeline.run.interaktif, a test), with
:func:`set_project`; the parsers deep below are not handed it. It is what messages name a file
relative to (:func:`display_path`), the data/raw a symlink must stay inside
(:func:`raw_file_problem`), the data/raw whose manifest declares a file's notation and
published table (pipeline.inputs.rawio) and below which a read is recorded as an input
(pipeline.inputs.reads). Unset (a library call outside any entry point), a path is shown as
given, nothing is recorded, and a file's declarations are those of the data/raw folder it lies
in: the root is never looked up behind the caller's back.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import yaml

from pipeline.config import Paths
from pipeline.errors import InputError
from pipeline.inputs import reads
from pipeline.messages import INPUT as MESSAGES

SEP = ";"

_project: Paths | None = None  # see the module docstring


def set_project(paths: Paths | None) -> None:
    """The project this process reads (see the module docstring); None forgets it."""
    global _project
    _project = paths
    reads.set_raw(paths.raw if paths is not None else None)


def project() -> Paths | None:
    """The project set by the entry point, or None."""
    return _project


def sha256_bytes(data: bytes) -> str:
    """The sha256 of ``data`` as hex: every digest the project records is made here."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes as hex, read in chunks (read-only: raw data is never opened
    for writing). The one file digest: manifest, cache, workbook state and suites all read it."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def tree_files(folder: Path) -> dict[str, Path]:
    """Every file under ``folder`` keyed by its path relative to it (posix)."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def tree_hashes(folder: Path, exclude=()) -> dict[str, str]:
    """{path relative to ``folder``: sha256} of every file under it but those in ``exclude``:
    the report's outputs in its manifest and the cache's record of them."""
    return {rel: sha256_file(p) for rel, p in tree_files(folder).items() if rel not in exclude}


def display_path(path: Path) -> str:
    """The path as messages show it: relative to the project, never through a symlink's target
    (a link to /etc/passwd must be named by its place in data/raw). With no project set, as given."""
    paths = _project
    if paths is None:
        return str(path)
    absolute = Path(path).absolute()
    if absolute.is_relative_to(paths.root):
        return str(absolute.relative_to(paths.root))
    return paths.rel(path)


def raw_file_problem(path: Path, paths: Paths | None = None) -> str | None:
    """Why ``path`` cannot be a raw input, or None.

    A raw input is a regular file; one named under data/raw/ (of ``paths``, else of the project
    set) must also resolve inside it: a symbolic link to a file elsewhere (another project,
    /etc/passwd) would make the report depend on something neither the manifest nor a reviewer sees.
    """
    path = Path(path)
    paths = paths if paths is not None else _project
    if paths is None:  # a file read outside any project (a unit test's temporary table)
        return None if not path.exists() or path.is_file() else MESSAGES["not_regular"]
    raw = paths.raw.absolute()
    absolute = path.absolute()
    if absolute.is_relative_to(raw):
        try:
            target = absolute.resolve(strict=True)
        except (OSError, RuntimeError):
            target = None
        if target is not None and not target.is_relative_to(raw.resolve()):
            return MESSAGES["outside_raw"]
    if path.exists() and not path.is_file():
        return MESSAGES["not_regular"]
    return None


def read_bytes(path: Path) -> bytes:
    """A raw input's bytes: InputError for a missing, irregular, outside or empty file."""
    path = Path(path)
    name = display_path(path)
    problem = raw_file_problem(path)
    if problem:
        raise InputError(name, problem)
    if not path.is_file():
        raise InputError(name, MESSAGES["file_missing"])
    try:
        data = path.read_bytes()
    except PermissionError:
        raise InputError(name, MESSAGES["file_unreadable"]) from None
    reads.note_raw(path)  # the step's cache key holds the raw files it read
    if not data.strip():
        raise InputError(name, MESSAGES["file_empty"])
    return data


def read_text(path: Path) -> str:
    """The file's text; clear errors for a missing, empty or non-UTF-8 file."""
    path = Path(path)
    data = read_bytes(path)
    head = data[:400]
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or (head and head.count(b"\x00") * 3 >= len(head)):
        # UTF-16 (Excel's "Unicode Text"): a NUL in every other byte, which cp1252 would show as garbage.
        raise InputError(display_path(path), MESSAGES["utf16"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line_end = data.find(b"\n", exc.start)
        line = data[line_start: line_end if line_end >= 0 else len(data)].rstrip(b"\r")
        # Show the cell as a Windows (cp1252) editor would, so the analyst recognises it.
        column, cell = None, line
        if SEP.encode() in line:
            offset = exc.start - line_start
            cells = line.split(SEP.encode())
            position = 0
            for index, raw_cell in enumerate(cells):
                if position <= offset <= position + len(raw_cell):
                    cell = raw_cell
                    header = data.split(b"\n", 1)[0].split(SEP.encode())
                    if index < len(header):
                        column = header[index].decode("utf-8-sig", "replace").strip()
                    break
                position += len(raw_cell) + 1
        shown = cell.decode("cp1252", "replace").strip()
        raise InputError(display_path(path), MESSAGES["not_utf8"],
                         row=data[: exc.start].count(b"\n") + 1, column=column,
                         value=shown) from None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (PyYAML keeps the last one
    silently: a second ``prestasi:`` in narasi.yml dropped the first list)."""


def _construct_timestamp(loader, node):
    """A date that is not on the calendar ('2024-02-30') as a located problem, not a ValueError."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _BadDate(node.value, node.start_mark) from None


class _BadDate(Exception):
    def __init__(self, value, mark):
        super().__init__(value)
        self.value, self.mark = value, mark


def _construct_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        try:
            first = seen.get(key)
        except TypeError:
            continue  # an unhashable key: construct_mapping reports it
        if first is not None:
            raise _DuplicateKey(key, first, key_node.start_mark)
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


class _DuplicateKey(Exception):
    def __init__(self, key, first_line: int, mark):
        super().__init__(key)
        self.key, self.first_line, self.mark = key, first_line, mark


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class _FastStrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """:class:`_StrictLoader` with libyaml's scanner and parser (when PyYAML has it): the same
    documents in a tenth of the time (the manifest is read on every run, even with no change)."""


_FastStrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_FastStrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# PyYAML's problems in words an analyst can act on (the rest get a generic sentence).
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "tanda ':' tidak diharapkan di sini; teks yang memuat "
                                       "': ' perlu diapit tanda kutip"),
    ("expected <block end>", "indentasi tidak konsisten (jumlah spasi di awal baris)"),
    ("found character '\\t'", "ada karakter tab; gunakan spasi untuk indentasi"),
    ("could not find expected ':'", "baris ini tidak berbentuk 'kunci: nilai'"),
    ("found unexpected end of stream", "tanda kutip dibuka tetapi tidak ditutup"),
    ("found undefined tag handle", "tag YAML (!...) tidak diperbolehkan"),
    ("could not determine a constructor", "tag YAML (!...) tidak diperbolehkan"),
    ("while scanning a quoted scalar", "tanda kutip dibuka tetapi tidak ditutup"),
    ("expected a single document", "berkas memuat lebih dari satu dokumen ('---')"),
)


def yaml_problem(exc: yaml.YAMLError) -> str:
    """One Indonesian sentence for a PyYAML error (no PyYAML internals such as '<scalar>')."""
    text = f"{getattr(exc, 'context', '') or ''} {getattr(exc, 'problem', '') or ''} {exc}"
    for needle, sentence in _YAML_PROBLEMS:
        if needle in text:
            return sentence
    return "penulisan YAML tidak sah"


def load_yaml_text(text: str, name: str) -> object:
    """Parse YAML text strictly: no tags, no duplicate keys; InputError with file and line."""
    try:
        return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except (_DuplicateKey, _BadDate, yaml.YAMLError):
        pass  # a problem is worded from the pure-Python loader's report, the same everywhere
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 (a SafeLoader subclass)
    except _DuplicateKey as exc:
        raise InputError(name, MESSAGES["yaml_duplicate"].format(first=exc.first_line),
                         row=exc.mark.line + 1, column=str(exc.key)) from None
    except _BadDate as exc:
        raise InputError(name, MESSAGES["yaml_date"], row=exc.mark.line + 1, value=exc.value) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        raise InputError(name, MESSAGES["yaml_invalid"].format(problem=yaml_problem(exc)),
                         row=(mark.line + 1) if mark else None) from None


def yaml_nodes(text: str) -> yaml.Node:
    """The node tree of YAML text already read by :func:`load_yaml_text` (nothing constructed),
    parsed as it parses it; each node's marks give its place in ``text`` (libyaml's marks count
    characters, as Python's str does)."""
    return yaml.compose(text, Loader=_FastStrictLoader)  # noqa: S506 (nodes only, nothing constructed)


def read_yaml(path: Path) -> object:
    """Load YAML safely (no object construction, no duplicate keys), with file/line on errors."""
    path = Path(path)
    return load_yaml_text(read_text(path), display_path(path))


# ---------------------------------------------------------------- writing, all or nothing

def fsync_dir(path: Path) -> None:
    """Flush a folder's entries (a rename is durable only once its folder is)."""
    import os

    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes, encoding: str = "utf-8") -> None:
    """Write ``path`` so that at every instant it holds its old or its new content, never a part:
    a temporary file in the same folder (same file system), fsync, then one rename. A process
    killed mid-write leaves at most the hidden temporary file, which the next write replaces."""
    import os

    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as handle:
        handle.write(payload)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
    fsync_dir(path.parent)
