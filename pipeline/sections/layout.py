"""Where each saved section goes in the LKjIP: the chapter -> section mapping.

The structure follows PermenPAN-RB 53/2014 (and the seed report): Ikhtisar Eksekutif,
BAB I-IV, Lampiran. Each :class:`Part` is one heading in the report and in the Daftar Isi;
``section_id`` names the saved section (``sections/<id>.json``) whose blocks go under it.
``chapter`` is the label that numbers tables and figures ("Tabel 3.1"); it is shared by all
parts of one chapter, so Bab III numbers its tables straight through 3.1, 3.2.x and 3.3.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# The agency on the cover when the run does not say otherwise (run_info["agency"]).
DEFAULT_AGENCY = "Perangkat Daerah"  # the agency is data (profil_instansi.yml); this only when it is absent

FIXED_SECTIONS = ("kata_pengantar", "ikhtisar", "bab1", "bab2", "capaian_organisasi", "anggaran", "prestasi",
                  "bab4", "lampiran_pk", "lampiran_rkt", "lampiran_sk_iku", "lampiran_formulir",
                  "catatan_validasi", "lampiran_reviu", "lampiran_lke")
SASARAN_PREFIX = "sasaran_"


@dataclass
class Part:
    anchor: str
    number: str  # as printed before the title: "BAB III", "3.2.1", "" (unnumbered)
    title: str
    section_id: str | None = None
    chapter: str = ""
    level: int = 1  # 1 = chapter (starts a new page), 2 = sub-chapter, 3 = sub-sub-chapter
    children: list[Part] = field(default_factory=list)
    # A chapter-level section supplies the whole chapter's text: its own title is not repeated.
    show_section_title: bool = False

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def sasaran_sort_key(sasaran_id: str):
    """Numeric ids in numeric order (2 before 10), then the rest alphabetically."""
    text = str(sasaran_id)
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "x"


def outline(sasaran_ids: list[str], sasaran_titles: dict[str, str] | None = None,
            extra_sections: dict[str, str] | None = None) -> list[Part]:
    """The report's parts in document order.

    ``sasaran_titles`` maps sasaran id -> the saved section's title (a missing sasaran keeps
    a generic title); ``extra_sections`` (id -> title) are saved sections this layout does not
    know: they go to the Lampiran rather than being dropped silently.
    """
    titles = sasaran_titles or {}
    sasaran_parts = [
        Part(f"sasaran-{slug(sid)}", f"3.2.{i}", titles.get(sid) or f"Sasaran Strategis {sid}",
             section_id=f"{SASARAN_PREFIX}{sid}", chapter="3", level=3)
        for i, sid in enumerate(sorted(sasaran_ids, key=sasaran_sort_key), start=1)
    ]
    lampiran = [
        Part("lampiran-pk", "Lampiran 1", "Perjanjian Kinerja", "lampiran_pk", "L", 2),
        Part("lampiran-rkt", "Lampiran 2", "Rencana Kinerja Tahunan", "lampiran_rkt", "L", 2),
        Part("lampiran-sk-iku", "Lampiran 3", "Keputusan tentang Indikator Kinerja Utama", "lampiran_sk_iku",
             "L", 2),
        Part("lampiran-formulir", "Lampiran 4", "Formulir Pengukuran Kinerja", "lampiran_formulir", "L", 2),
        Part("lampiran-validasi", "Lampiran 5", "Catatan Validasi", "catatan_validasi", "L", 2),
        Part("lampiran-reviu", "Lampiran 6", "Pernyataan Telah Direviu", "lampiran_reviu", "L", 2),
        Part("lampiran-lke", "Lampiran 7", "Lembar Evaluasi Mandiri", "lampiran_lke", "L", 2),
    ]
    for i, (sid, title) in enumerate(sorted((extra_sections or {}).items()), start=len(lampiran) + 1):
        lampiran.append(Part(f"lampiran-bagian-{slug(sid)}", f"Lampiran {i}", title or sid, sid, "L", 2))
    return [
        Part("kata-pengantar", "", "Kata Pengantar", "kata_pengantar", "KP"),
        Part("ikhtisar", "", "Ikhtisar Eksekutif", "ikhtisar", "IE"),
        Part("bab-1", "BAB I", "Pendahuluan", "bab1", "1"),
        Part("bab-2", "BAB II", "Perencanaan Kinerja", "bab2", "2"),
        Part("bab-3", "BAB III", "Akuntabilitas Kinerja", None, "3", children=[
            Part("bab-3-1", "3.1", "Capaian Kinerja Organisasi", "capaian_organisasi", "3", 2),
            Part("bab-3-2", "3.2", "Analisis Capaian Kinerja", None, "3", 2, children=sasaran_parts),
            Part("bab-3-3", "3.3", "Realisasi Anggaran", "anggaran", "3", 2),
            Part("bab-3-4", "3.4", "Prestasi dan Penghargaan", "prestasi", "3", 2),
        ]),
        Part("bab-4", "BAB IV", "Penutup", "bab4", "4"),
        Part("lampiran", "", "Lampiran", None, "L", children=lampiran),
    ]


def section_ids(parts: list[Part]) -> list[str]:
    return [p.section_id for top in parts for p in top.walk() if p.section_id]
