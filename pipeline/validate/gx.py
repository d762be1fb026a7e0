"""The only module that imports Great Expectations: load the JSON suites, run them on tables.

Great Expectations 1.x is imported lazily (≈4–7 s) and once per process; one ephemeral
context serves a whole validation run. Two of its habits are handled here so the rest of
the package never sees them:

* results come back in an arbitrary order: each result is matched to its expectation by the
  expectation id, and :class:`ExpectationOutcome` lists follow the order of the suite file;
* a missing column or a crashing metric comes back as a *failed* result with
  ``exception_info`` — here it raises :class:`SuiteError` instead, because a check that could
  not run has not passed.
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.errors import LkjipError
from pipeline.inputs.idnum import is_absent
from pipeline.inputs.rawfile import sha256_bytes, sha256_file
from pipeline.messages import GATE

SEVERITIES = ("critical", "warning")


class SuiteError(LkjipError):
    """A suite cannot be loaded or run (malformed file, unknown table/column, zero expectations)."""


@dataclass
class SuiteSpec:
    """One expectations/<name>.json file, checked but not yet bound to GX."""

    name: str
    path: Path
    table: str
    severity: str
    meta: dict
    expectations: list[dict]


@dataclass
class ExpectationOutcome:
    """One expectation's result, in plain Python (JSON-serialisable)."""

    suite: str
    table: str
    severity: str
    type: str
    kwargs: dict
    meta: dict
    success: bool
    result: dict = field(default_factory=dict)

    @property
    def unexpected_index_list(self) -> list:
        return list(self.result.get("unexpected_index_list") or [])


def load_suite(path: Path) -> SuiteSpec:
    """Read and check one suite file; raises SuiteError naming the file and the problem."""
    path = Path(path)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise SuiteError(f"expectations/{path.name}: " + GATE["not_json"]) from None
    if not isinstance(doc, dict):
        raise SuiteError(f"expectations/{path.name}: " + GATE["not_object"])
    meta = doc.get("meta") or {}
    name = doc.get("name") or path.stem
    if meta.get("severity") not in SEVERITIES:
        raise SuiteError(f"expectations/{path.name}: " + GATE["severity"].format(
            allowed=", ".join(SEVERITIES), found=meta.get("severity")))
    if not meta.get("table"):
        raise SuiteError(f"expectations/{path.name}: " + GATE["table"])
    expectations = doc.get("expectations")
    if not isinstance(expectations, list) or not expectations:
        raise SuiteError(f"expectations/{path.name}: " + GATE["no_expectations"])
    for i, exp in enumerate(expectations, 1):
        if not isinstance(exp, dict) or not isinstance(exp.get("type"), str) \
                or not isinstance(exp.get("kwargs", {}), dict):
            raise SuiteError(f"expectations/{path.name}: " + GATE["expectation_shape"].format(i=i))
        _resolve_registry(exp, path.name, i)
    return SuiteSpec(name=name, path=path, table=meta["table"], severity=meta["severity"],
                     meta=meta, expectations=expectations)


# A value set a suite takes from a registry of the code: {"registry": "<name>"}.
def _registries() -> dict:
    from pipeline.clean import ikm_rules
    from pipeline.measure import sources

    return {"sumber_realisasi": sources.names, "klasifikasi_ikm": lambda: ikm_rules.KLASIFIKASI,
            "jenis_industri": lambda: ikm_rules.JENIS_INDUSTRI}


def _resolve_registry(exp: dict, file: str, number: int) -> None:
    value_set = exp.get("kwargs", {}).get("value_set")
    if isinstance(value_set, dict) and "registry" in value_set:
        registry = _registries().get(value_set["registry"])
        if registry is None:
            raise SuiteError(f"{file}: expectation {number} names unknown registry {value_set['registry']!r}; "
                             f"known: {', '.join(_registries())}")
        exp["kwargs"]["value_set"] = list(registry())


def load_suites(folder: Path) -> list[SuiteSpec]:
    """Every suite of ``folder``; GateIncomplete when a required suite is missing or empty."""
    from pipeline.validate import suites as required

    required.check(folder)
    files = sorted(Path(folder).glob("*.json"))
    if not files:
        raise SuiteError(GATE["no_suites"])
    specs = [load_suite(p) for p in files]
    names = [s.name for s in specs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SuiteError(GATE["duplicate"].format(names=", ".join(dupes)))
    return specs


_COLUMN_KWARGS = ("column", "column_A", "column_B")
_COLUMN_LIST_KWARGS = ("column_list",)


def referenced_columns(spec: SuiteSpec) -> list[str]:
    cols = []
    for exp in spec.expectations:
        kwargs = exp.get("kwargs", {})
        cols += [kwargs[k] for k in _COLUMN_KWARGS if k in kwargs]
        for k in _COLUMN_LIST_KWARGS:
            cols += list(kwargs.get(k) or [])
    return list(dict.fromkeys(cols))


def check_bindings(specs: list[SuiteSpec], tables: dict[str, pd.DataFrame]) -> None:
    """Every suite's table and every column it names must exist (else SuiteError, all at once)."""
    problems = []
    for spec in specs:
        df = tables.get(spec.table)
        if df is None:
            problems.append(f"expectations/{spec.path.name}: " + GATE["no_table"].format(table=spec.table))
            continue
        missing = [c for c in referenced_columns(spec) if c not in df.columns]
        if missing:
            problems.append(f"expectations/{spec.path.name}: " + GATE["no_columns"].format(
                table=spec.table, columns=", ".join(f"'{c}'" for c in missing)))
    if problems:
        raise SuiteError(GATE["misfit"] + "\n  - " + "\n  - ".join(problems))


_GX = None


def _gx():
    """Import GX once, quietly (no usage statistics, no progress bars)."""
    global _GX
    if _GX is None:
        os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
        import great_expectations as gx  # lazy: importing GX takes seconds
        from great_expectations.execution_engine import pandas_execution_engine

        # GX fingerprints every dataframe it validates (hashing every cell: seconds for a
        # register of a million firms, once per suite) unless its shallow size is over this
        # threshold; nothing here reads the fingerprint, so no frame is hashed.
        pandas_execution_engine.HASH_THRESHOLD = 0
        _GX = gx
    return _GX


def _context():
    gx = _gx()
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    return context


# Keys GX fills with a fresh uuid or the clock on every validation (expectation ids, batch
# load times, run ids): dropped from the raw results so that same inputs give the same bytes.
VOLATILE_KEYS = frozenset({"id", "ge_load_time", "validation_time", "run_id", "run_time", "run_name"})


def _stable(value):
    """``value`` without the keys in VOLATILE_KEYS, at any depth."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in VOLATILE_KEYS}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _plain(value):
    """GX results hold numpy scalars and tuples; make them JSON-friendly."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    return None if is_absent(value) else value


class SuiteResults:
    """Each suite's result kept by a run for later runs (``gx/`` of the run's kept folder,
    pipeline.inputs.reads.kept_folder, published as ``Paths.reuse_year(year)/gx/``), one file
    per key: the suite (as loaded, registries resolved), its table's columns, dtypes and
    cell hashes, this module's source and the GX and pandas versions. A key seen again is the
    same validation of the same data: its result is read back instead of run. ``reuse`` False
    (``lkjip run --force``) runs every suite and keeps the results all the same."""

    def __init__(self, folder: Path, reuse: bool = True):
        self.folder, self.reuse = Path(folder), reuse
        self.used: set[str] = set()
        self._versions = None

    def key(self, spec: SuiteSpec, df: pd.DataFrame) -> str:
        from importlib import metadata

        if self._versions is None:
            self._versions = {name: metadata.version(name) for name in ("great-expectations", "pandas")}
            self._versions["gx.py"] = sha256_file(Path(__file__))
        described = json.dumps(
            [spec.name, spec.table, spec.meta, spec.expectations, self._versions,
             [str(c) for c in df.columns], [str(t) for t in df.dtypes], len(df)],
            sort_keys=True, default=str).encode()
        try:  # cells: pandas' own row hashes (object cells hashed as text)
            cells = pd.util.hash_pandas_object(df, index=True).to_numpy().tobytes()
        except TypeError:  # unhashable cells (lists): their text
            cells = df.to_csv(index=False).encode()
        return sha256_bytes(described + b"\n" + cells)

    def get(self, key: str):
        if not self.reuse:
            return None
        try:
            doc = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            outcomes = [ExpectationOutcome(**o) for o in doc["outcomes"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        self.used.add(key)
        return outcomes, doc["raw"]

    def put(self, key: str, outcomes: list[ExpectationOutcome], raw: dict) -> None:
        from dataclasses import asdict

        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{key}.json.tmp"
        temporary.write_text(json.dumps({"outcomes": [asdict(o) for o in outcomes], "raw": raw},
                                        ensure_ascii=False, default=str), encoding="utf-8")
        os.replace(temporary, self.folder / f"{key}.json")
        self.used.add(key)

    def prune(self) -> None:
        """Drop the results no suite of this run used (the folder stays one run's size)."""
        for path in sorted(self.folder.glob("*.json")):
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def run_suites(specs: list[SuiteSpec], tables: dict[str, pd.DataFrame],
               kept: SuiteResults | None = None) -> tuple[list[ExpectationOutcome], list[dict]]:
    """Run every suite on its table in one ephemeral context (a suite whose result ``kept``
    holds for the same suite and data is not run; GX is imported only if one has to run).

    Returns the outcomes in suite-file order and the raw GX validation results (JSON dicts).
    Raises SuiteError when a suite names a missing table/column, evaluates zero expectations,
    or an expectation crashes.
    """
    check_bindings(specs, tables)
    done: dict[str, tuple[list[ExpectationOutcome], dict]] = {}
    keys: dict[str, str] = {}
    if kept is not None:
        for spec in specs:
            keys[spec.name] = kept.key(spec, tables[spec.table].reset_index(drop=True))
            found = kept.get(keys[spec.name])
            if found is not None:
                done[spec.name] = found
    todo = [spec for spec in specs if spec.name not in done]
    if todo:
        done.update(_run(todo, tables))
        if kept is not None:
            for spec in todo:
                kept.put(keys[spec.name], *done[spec.name])
    outcomes: list[ExpectationOutcome] = []
    raw: list[dict] = []
    for spec in specs:
        outcomes += done[spec.name][0]
        raw.append(done[spec.name][1])
    return outcomes, raw


def _run(specs: list[SuiteSpec], tables: dict[str, pd.DataFrame]) -> dict:
    """{suite name: (its outcomes, its raw GX result)}, GX run on each suite's table."""
    _gx()  # configures GX logging and progress bars before the first GX import
    from great_expectations.core import ExpectationSuite

    context = _context()
    source = context.data_sources.add_pandas("lkjip")
    # One asset and batch definition serve every table (the dataframe is the batch parameter):
    # each one added is saved to the context's configuration, a YAML dump every time.
    batch_definition = source.add_dataframe_asset("tabel").add_batch_definition_whole_dataframe("whole")
    done = {}
    for spec in specs:
        outcomes: list[ExpectationOutcome] = []
        df = tables[spec.table].reset_index(drop=True)
        try:
            suite = ExpectationSuite(name=spec.name, meta=copy.deepcopy(spec.meta),
                                     expectations=copy.deepcopy(spec.expectations))
            suite = context.suites.add(suite)
        except Exception as exc:  # GX raises many types for an invalid configuration
            raise SuiteError(f"expectations/{spec.path.name}: " + GATE["invalid"].format(detail=exc)) from None
        batch = batch_definition.get_batch(batch_parameters={"dataframe": df})
        result = batch.validate(suite, result_format={"result_format": "COMPLETE"})
        raw = _stable(_plain(result.to_json_dict()))
        by_id = {r.expectation_config.id: r for r in result.results}
        evaluated = result.statistics.get("evaluated_expectations", 0)
        if not evaluated or len(by_id) != len(suite.expectations):
            raise SuiteError(f"expectations/{spec.path.name}: " + GATE["evaluated"].format(
                evaluated=evaluated, total=len(suite.expectations)))
        for config in suite.expectations:
            res = by_id[config.id]
            info = res.exception_info or {}
            crashed = info.get("raised_exception") or any(
                isinstance(v, dict) and v.get("raised_exception") for v in info.values())
            if crashed:
                message = info.get("exception_message") or next(
                    (v.get("exception_message") for v in info.values()
                     if isinstance(v, dict) and v.get("exception_message")), "unknown error")
                raise SuiteError(f"expectations/{spec.path.name}: " + GATE["crashed"].format(
                    type=config.expectation_type, table=spec.table, detail=message))
            kwargs = {k: v for k, v in config.configuration.kwargs.items() if k != "batch_id"}
            outcomes.append(ExpectationOutcome(
                suite=spec.name, table=spec.table, severity=spec.meta.get("severity"),
                type=config.expectation_type, kwargs=_plain(kwargs), meta=_plain(config.meta or {}),
                success=bool(res.success), result=_plain(res.result or {})))
        done[spec.name] = (outcomes, raw)
    return done
