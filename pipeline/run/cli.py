"""The ``lkjip`` command (also ``python -m pipeline``).

Errors an analyst can act on (a bad input file, failed validation, missing inputs) are printed
as one plain message without a traceback; the exit code says which kind it was.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time

from pipeline.errors import LkjipError
from pipeline.inputs import catalogue
from pipeline.messages import CLI, NARRATIVE_MARK

DESCRIPTION = """\
Membangun Laporan Kinerja Instansi Pemerintah (LKjIP) tahunan dari data mentah di data/raw/.

Penggunaan umum:
  lkjip check-inputs --year 2025   apakah berkas 2025 lengkap dan tercatat di manifest?
  lkjip run --year 2025            bangun reports/2025/LKjIP-2025.html
  lkjip pantau --year 2025         bangun ulang laporan 2025 setiap kali isiannya berubah
  lkjip new-year 2026              siapkan folder isian 2026 dari susunan 2025

Kode keluar: 0 berhasil, 1 kesalahan tak terduga atau masalah sistem (lihat pesannya),
2 masalah pada berkas isian atau isian belum lengkap, 3 kegagalan validasi kritis,
4 proses lain untuk tahun yang sama sedang berjalan, 130 dihentikan (Ctrl-C).
"""

RUN_HELP = """\
Menjalankan seluruh alur untuk satu tahun atau lebih: membersihkan data mentah, memvalidasinya,
menghitung setiap analisis, lalu menulis reports/<tahun>/ (laporan HTML, summary.json,
tables.xlsx, notebook yang telah dijalankan) dan data/processed/<tahun>/.

Semuanya dibangun di folder sementara dan baru menggantikan laporan sebelumnya bila setiap
langkah berhasil, sehingga proses yang gagal atau dihentikan tidak meninggalkan laporan setengah
jadi. Langkah yang isiannya tidak berubah sejak proses terakhir tidak diulang; bila tidak ada yang
berubah sama sekali, perintah ini menulis "tidak ada perubahan" dan selesai dalam beberapa detik.

Bila sebuah langkah gagal, notebook-nya (berisi pesan kesalahannya) disimpan di
reports/.logs/<tahun>/ dan pesan menyebut langkah serta berkas itu. Baris terakhir yang dicetak:
  Laporan: reports/<tahun>/LKjIP-<tahun>.html · status: final|draft|contoh · peringatan: N
("draft" selama sebagian narasi atau Pernyataan Telah Direviu belum ada, dengan alasannya dalam
kurung; "contoh (data sintetis: …)" bila laporan memakai masukan yang di data/raw/manifest.yml
dinyatakan 'jenis: sintetis'; N = jumlah peringatan validasi dalam laporan).
"""

PANTAU_HELP = """\
Membangun laporan satu tahun seperti `lkjip run --year TAHUN`, lalu menunggu: setiap kali berkas
di data/raw/ (termasuk data/raw/manifest.yml dan narasi.yml) atau expectations/ berubah,
laporannya dibangun ulang dengan pemeriksaan yang sama, dan hanya langkah yang membaca berkas
yang berubah yang diulang. Proses ini tetap hidup di antara pembangunan, sehingga satu angka yang
diubah terbit dalam beberapa detik. Berkas mentah yang diubah tetap harus dicatat dulu dengan
`lkjip manifest --update` (sebelum itu pembangunan ditolak dengan pesannya). Hentikan dengan Ctrl-C.
"""

# argparse's own words (usage line, section titles, errors), in Indonesian.
_ARGPARSE_ERRORS = (
    ("the following arguments are required: ", "argumen berikut wajib diisi: "),
    ("unrecognized arguments: ", "argumen tidak dikenal: "),
    ("invalid choice: ", "pilihan tidak dikenal: "),
    ("choose from ", "pilih dari "),
    ("expected one argument", "perlu satu nilai"),
    ("invalid _year value: ", "tahun tidak sah: "),
    ("invalid _positive_int value: ", "bilangan tidak sah: "),
    ("argument ", "argumen "),
)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups,
                                 prefix="penggunaan: " if prefix is None else prefix)


class _RawFormatter(_Formatter, argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of the longer descriptions (the examples, the exit codes)."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", _Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "opsi"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="tampilkan bantuan ini lalu keluar")

    def error(self, message):
        for english, indonesian in _ARGPARSE_ERRORS:
            message = message.replace(english, indonesian)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: kesalahan: {message}\n")


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(CLI["positive"])
    return int(text)


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(CLI["year_bad"].format(text=text))
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="lkjip", description=DESCRIPTION, formatter_class=_RawFormatter)
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True,
                                title="perintah", parser_class=_Parser)

    run = sub.add_parser("run", help="bangun laporan untuk satu tahun atau lebih", description=RUN_HELP,
                         formatter_class=_RawFormatter)
    run.add_argument("--year", type=_year, action="append", default=[], metavar="TAHUN",
                     help="tahun yang dibangun, mis. 2024; ulangi untuk beberapa tahun")
    run.add_argument("--all", action="store_true",
                     help="bangun setiap tahun yang punya folder di data/raw/ (mis. data/raw/2024)")
    run.add_argument("--force", action="store_true",
                     help="ulangi setiap langkah walaupun isiannya tidak berubah")
    run.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                     help="berapa notebook boleh berjalan bersamaan (bawaan: jumlah inti "
                          "prosesor komputer ini)")
    run.add_argument("--quiet", action="store_true",
                     help="cetak hanya masalah dan baris terakhir berisi letak laporan")

    watch = sub.add_parser("pantau", help="bangun ulang laporan satu tahun setiap kali isiannya berubah",
                           description=PANTAU_HELP, formatter_class=_RawFormatter)
    watch.add_argument("--year", type=_year, required=True, metavar="TAHUN", help="tahun yang dipantau, mis. 2024")
    watch.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                       help="berapa notebook boleh berjalan bersamaan (bawaan: jumlah inti prosesor komputer ini)")
    watch.add_argument("--quiet", action="store_true",
                       help="cetak hanya masalah dan baris terakhir tiap pembangunan")

    new = sub.add_parser("new-year", help="siapkan folder isian untuk tahun baru",
                         description="Membuat berkas isian data/raw/<TAHUN>/ dari tahun sebelumnya, "
                                     "terisi apa yang sudah diketahui (target Renstra, nilai tahun lalu "
                                     "di tabel riwayat, pohon anggaran dan baris tabel tahun lalu dengan "
                                     "angka kosong, kerangka narasi), serta menyebut apa yang harus "
                                     "diisi dan dari mana sumber tiap angka. Berkas yang sudah ada tidak "
                                     "pernah ditimpa: hanya yang belum ada yang dibuat. Juga menulis workbook "
                                     "data/raw/<TAHUN>/isian-<TAHUN>.xlsx: isi sel kuningnya, lalu "
                                     "`lkjip impor --year TAHUN` dan `lkjip run --year TAHUN`.")
    new.add_argument("year", type=_year, metavar="TAHUN", help="tahun baru, mis. 2025")
    new.add_argument("--from", dest="template", type=_year, default=None, metavar="TAHUN",
                     help="salin susunan berkas tahun ini (bawaan: tahun terakhir sebelumnya)")

    check = sub.add_parser("check-inputs", help="daftar semua yang belum ada atau salah pada isian satu tahun",
                           description="Memeriksa bahwa setiap berkas isian suatu tahun ada, berisi baris "
                                       "data, dapat dibaca, dan tercatat di data/raw/manifest.yml dengan "
                                       "sumber dan checksum yang mutakhir. Semua masalah dicetak sekaligus; "
                                       "tidak ada yang diubah.")
    check.add_argument("--year", type=_year, required=True, metavar="TAHUN", help="tahun yang diperiksa")

    imp = sub.add_parser("impor", help="baca isian-<TAHUN>.xlsx kembali ke berkas CSV data/raw/<TAHUN>/",
                         description="Membaca workbook data/raw/<TAHUN>/isian-<TAHUN>.xlsx (dibuat oleh "
                                     "`lkjip new-year`) dan menulis setiap lembar ke berkas CSV-nya; sumber "
                                     "dan tabel setiap lembar dicatat di data/raw/manifest.yml. Berkas CSV "
                                     "yang sudah diubah langsung tidak ditimpa kecuali dengan --timpa. "
                                     "Melaporkan per lembar apa yang ditulis.")
    imp.add_argument("--year", type=_year, required=True, metavar="TAHUN", help="tahun, mis. 2025")
    imp.add_argument("--timpa", action="store_true",
                     help="timpa juga berkas CSV yang sudah diubah langsung sejak impor terakhir")

    man = sub.add_parser("manifest", help="periksa atau perbarui checksum di data/raw/manifest.yml",
                         description="Tanpa opsi: daftar berkas yang isinya tidak lagi cocok dengan "
                                     "data/raw/manifest.yml. Dengan --update: catat checksum terkini setiap "
                                     "berkas yang terdaftar (lakukan setelah perubahan berkas mentah yang "
                                     "sudah diperiksa, dan tulis alasannya di 'notes').")
    man.add_argument("--update", action="store_true",
                     help="tulis ulang sha256 setiap berkas mentah yang terdaftar sesuai isinya sekarang "
                          "(hanya nilai sha256 yang berubah; catatan dan komentar tetap)")
    return parser


def _project():
    """The project a command works on: the one place the CLI resolves it (issue 20), and the
    project its raw files are named by and recorded against (pipeline.inputs.rawfile)."""
    from pipeline.config import Paths
    from pipeline.inputs import rawfile

    paths = Paths.default()
    rawfile.set_project(paths)
    return paths


def _years(args, paths) -> list[int]:
    from pipeline.years.folders import raw_years

    years = list(args.year)
    if args.all:
        years += raw_years(paths)
    if not years:
        raise LkjipError(CLI["which_year"])
    return sorted(set(years))


def cmd_run(args) -> int:
    from pipeline.run import runner
    from pipeline.run.preflight import preflight, published_years
    from pipeline.run.progress import Progress, seconds_since
    from pipeline.run.runner import kernel_variables, report_line, run_years
    from pipeline.run.steps import CLEAN, VALIDATE

    paths = _project()
    progress = Progress(quiet=args.quiet)
    years = _years(args, paths)

    def start_kernels(built: list[int], kinds=None, after=None) -> list:
        from pipeline.run.kernels import EARLY_KINDS, start_early
        from pipeline.run.preload import default_preload
        from pipeline.run.reuse import kernel_preload

        preload = (kernel_preload(paths, built[0], args.force) if len(built) == 1
                   else default_preload(paths.notebooks))
        return start_early(paths.root, kernel_variables(paths, force=args.force), preload,
                           kinds=kinds or EARLY_KINDS, after=after)

    # The first steps' kernels start ahead when those steps will run on kernels (not a stand-in
    # executor): with --force while the inputs are checked; otherwise when a raw input differs
    # from what the published report was built from (the cleaning and the validation run
    # again), once they passed, while the runner works out which steps to rerun. A refused run
    # starts none, but for an edit of one year's published report: its cleaning kernel, the
    # edit's critical path, starts while the inputs are checked (a refused edit stops it), its
    # validation kernel once they passed and that kernel is up.
    on_kernels = runner.default_executor is None
    early = args.force and on_kernels
    if early:
        start_kernels(years)
    try:
        published = published_years(paths, years)  # the raw files hashed once, for both uses
        edited = (years[0] if on_kernels and not early and len(years) == 1 and years[0] not in published
                  and paths.report_year(years[0]).joinpath(catalogue.MANIFEST.path).is_file() else None)
        cleaning = start_kernels(years, kinds=(CLEAN,)) if edited is not None else None
        early = early or edited is not None
        passed: dict = {}  # files checked here are not parsed again under the run's lock
        refused = preflight(paths, years, published, passed)
        t0 = time.monotonic()
        buildable = [y for y in years if y not in refused]
        if cleaning and buildable:
            start_kernels(buildable, kinds=(VALIDATE,), after=cleaning[0])
        elif not early and on_kernels and any(y not in published for y in buildable):
            early = True
            start_kernels(buildable)
        results, errors = (run_years(buildable, paths=paths, jobs=args.jobs, force=args.force,
                                     progress=progress, checked=passed) if buildable else ([], {}))
    finally:
        if early:
            from pipeline.run.kernels import discard_early

            discard_early()
    errors = {**refused, **errors}
    for year in sorted(errors):
        _print_error(errors[year], prefix=f"{year}: " if len(years) > 1 else "")
    for result in sorted(results, key=lambda r: r.year):
        if result.status == "published":
            progress.info(CLI["run_done"].format(year=result.year, executed=len(result.executed),
                                                 cached=len(result.cached), seconds=seconds_since(t0)))
        if result.status == "unchanged":
            progress.line(CLI["unchanged"].format(year=result.year, seconds=seconds_since(t0)))
        progress.line(report_line(paths, result))
    if errors:
        return max(getattr(e, "exit_code", 1) for e in errors.values())
    return 0


def cmd_pantau(args) -> int:
    """``lkjip pantau``: :func:`cmd_run` for one year, again on every change of its inputs, in
    this process with its kernel factory kept (pipeline.run.watch)."""
    from pipeline.run import kernel_factory, runner, watch
    from pipeline.run.kernels import acquire_factory
    from pipeline.run.preload import default_preload
    from pipeline.run.runner import kernel_variables

    paths = _project()
    once = argparse.Namespace(year=[args.year], all=False, force=False, jobs=args.jobs, quiet=args.quiet)

    def build() -> int:
        try:
            return cmd_run(once)
        except Exception as exc:  # said as `lkjip run` says it; the next change builds again
            _print_error(exc)
            return getattr(exc, "exit_code", 1)

    def tidy() -> None:
        # what the build left for the collector, then the heap of the modules it imported frozen
        # again (pipeline.run.runner._import_ahead): the next build's collections skip it
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    argv = ["pantau", "--year", str(args.year), *(["--jobs", str(args.jobs)] if args.jobs else []),
            *(["--quiet"] if args.quiet else [])]
    # held for the whole watch: every build's kernels are forks of it, its imports done once
    factory = (acquire_factory(paths.root, kernel_variables(paths), default_preload(paths.notebooks))
               if runner.default_executor is None else None)
    try:
        restart = watch.restart_command(argv, before=lambda: kernel_factory.release(factory))
        return watch.watch(paths, args.year, build, restart, tidy)
    finally:
        kernel_factory.release(factory)


def cmd_new_year(args) -> int:
    from pipeline.years.yearfiles import new_year

    paths = _project()
    result = new_year(paths, args.year, args.template)
    if result.skipped:
        print(CLI["newyear_kept"].format(n=len(result.skipped), year=args.year))
        for path in result.skipped:
            print(f"  {paths.rel(path)}")
    if not result.created:
        print(CLI["newyear_nothing"].format(year=args.year, template=result.template))
        return 0
    print(CLI["newyear_created"].format(n=len(result.created), year=args.year, template=result.template))
    for item in result.created:
        print(f"  {paths.rel(item.path)}\n      isi: {item.fill}\n      sumber: {item.source}")
    print(CLI["newyear_next"].format(year=args.year))
    return 0


def cmd_check_inputs(args) -> int:
    from pipeline.errors import MissingInputs
    from pipeline.years.completeness import blank_required, problems, register_preview

    paths = _project()
    parsed: dict = {}  # what the parse pass read, for the checks after it
    blocking, warnings = problems(paths, args.year, parsed=parsed)
    if not blocking and paths.raw_year(args.year).is_dir():
        from pipeline.run.preflight import derived_problems

        blocking = derived_problems(paths, args.year, parsed)  # as `run` checks them before building
    if paths.raw_year(args.year).is_dir():
        print(f"{blank_required(paths, args.year)} isian wajib belum diisi")
        for line in register_preview(paths, args.year, parsed)[0]:
            print(line)
    # Missing narrative only makes the report a draft; everything else must be fixed.
    narrative = [w for w in warnings if NARRATIVE_MARK in w]
    others = [w for w in warnings if w not in narrative]
    if blocking or others:
        raise MissingInputs(args.year, blocking + others + narrative)
    for warning in narrative:
        print(CLI["warning"].format(text=warning))
    print(CLI["inputs_ok"].format(year=args.year, draft=CLI["inputs_draft"] if narrative else "."))
    return 0


def cmd_impor(args) -> int:
    from pipeline.messages import WORKBOOK
    from pipeline.years.isian import choose
    from pipeline.years.workbook import import_workbook

    paths = _project()
    book = choose(paths, args.year)
    print(WORKBOOK["reading"].format(rel=paths.rel(book)) + (
        "" if book.name == f"isian-{args.year}.xlsx" else WORKBOOK["other_name"].format(year=args.year)))
    results = import_workbook(paths, args.year, overwrite=args.timpa, workbook=book)
    skipped = 0
    for r in results:
        line = f"  {r.sheet}: {r.status} ({r.cells} sel terisi) -> data/raw/{args.year}/{r.file}"
        print(line + (f"; {r.note}" if r.note else ""))
        skipped += r.status == "dilewati"
    written = sum(r.status == "ditulis" for r in results)
    print(f"{written} file ditulis, {skipped} dilewati. Berikutnya: `lkjip check-inputs --year {args.year}` "
          f"lalu `lkjip run --year {args.year}`.")
    cells = typed_cell_problems(paths, args.year)
    if cells:
        print(WORKBOOK["cells_bad"].format(n=len(cells)))
        for text in cells:
            print(f"  - {text}")
    return 2 if skipped else 0


def typed_cell_problems(paths, year: int) -> list[str]:
    """The problems check-inputs would report about cells typed in the workbook, in its terms."""
    from pipeline.years.completeness import problems
    from pipeline.years.isian import in_workbook_terms

    blocking, _ = problems(paths, year, narrative=False)
    named = [in_workbook_terms(paths, text) for text in blocking]
    return [text for text, plain in zip(named, blocking) if text != plain]


def cmd_manifest(args) -> int:
    from pipeline.years import manifest

    paths = _project()
    if not paths.raw_manifest.is_file():
        raise LkjipError(CLI["manifest_missing"])
    if args.update:
        changed = manifest.update_hashes(paths)
        print(CLI["manifest_updated"].format(n=len(changed), names=": " + ", ".join(changed) if changed else "."))
        return 0
    found = manifest.check(paths)
    if found:
        print("\n".join(found))
        return 2
    print(CLI["manifest_ok"])
    return 0


COMMANDS = {"run": cmd_run, "pantau": cmd_pantau, "new-year": cmd_new_year, "check-inputs": cmd_check_inputs,
            "impor": cmd_impor, "manifest": cmd_manifest}


def _notebook_error_code(exc) -> int | None:
    from pipeline.run.runner import NOTEBOOK_ERRORS

    return NOTEBOOK_ERRORS.get(getattr(exc, "ename", None))


def _print_error(exc: BaseException, prefix: str = "") -> None:
    from pipeline.inputs import rawfile
    from pipeline.run.preflight import system_message

    paths = rawfile.project()  # the command's (_project), or None when it failed before finding one
    if isinstance(exc, LkjipError):
        message = str(exc)
    elif _notebook_error_code(exc) is not None:
        message = str(exc.evalue)
    elif system_message(exc, paths) is not None:
        message = system_message(exc, paths)
    else:
        message = CLI["unexpected"].format(kind=type(exc).__name__, detail=_without_paths(str(exc)))
    print(prefix + _in_workbook_terms(paths, message), file=sys.stderr)


def _in_workbook_terms(paths, message: str) -> str:
    """The message with the workbook sheet and cell of every CSV row it names."""
    from pipeline.years.isian import in_workbook_terms

    if paths is None:
        return message
    try:
        return in_workbook_terms(paths, message)
    except (LkjipError, OSError):
        return message


def _without_paths(text: str) -> str:
    """An exception's text with absolute paths into the project made relative."""
    from pipeline.config import project_root

    try:
        root = str(project_root())
    except LkjipError:
        return text
    return text.replace(root + os.sep, "").replace(root, ".")


def announce_project() -> None:
    """First line of every command: which project folder it works on (a copied project must
    visibly run on itself), and where the code comes from when that is another folder."""
    from pipeline.config import PACKAGE_ROOT, project_root

    root = project_root()
    line = f"Folder proyek: {root}"
    if PACKAGE_ROOT.resolve() != root:
        line += f" (kode pipeline dari {PACKAGE_ROOT.resolve()})"
    print(line, flush=True)


def _print_interrupted(exc: KeyboardInterrupt) -> None:
    """Ctrl-C: what became of each year (pipeline.run.runner.Interrupted), never more than is
    known: a year published meanwhile is named, one stopped after its HTML says so itself."""
    from pipeline.run.runner import Cancelled

    published = getattr(exc, "published", [])
    errors = getattr(exc, "errors", {})
    # a year cancelled before it published anything is what the last line says of the rest
    told = {year: e for year, e in errors.items() if not isinstance(e, Cancelled)}
    for year in sorted(told):
        _print_error(told[year], prefix=f"{year}: ")
    years = ", ".join(map(str, published))
    if published:
        line = CLI["interrupted_published_told" if told else "interrupted_published"].format(years=years)
    else:
        line = CLI["interrupted_told" if told else "interrupted"]
    print(line, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        announce_project()
        return COMMANDS[args.command](args)
    except KeyboardInterrupt as exc:
        _print_interrupted(exc)
        return 130
    except Exception as exc:
        if os.environ.get("LKJIP_DEBUG") and not isinstance(exc, LkjipError):
            raise
        _print_error(exc)
        if isinstance(exc, LkjipError):
            return exc.exit_code
        return _notebook_error_code(exc) or 1


def entry() -> None:
    """The ``lkjip`` command's process (and ``python -m pipeline``): :func:`main`, then out at
    once (pipeline.run.quickexit) rather than taking down every module it imported."""
    code = main()
    from pipeline.run import quickexit

    quickexit.leave(code)


if __name__ == "__main__":
    entry()
