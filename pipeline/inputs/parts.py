"""Which parts of the year's narrative (narasi.yml) a step's notebook read.

One sentence of the narrative is read by one section of the report: a step is keyed on the
parts of narasi.yml its notebook looked at (pipeline.run.cache), not on the whole file, so an
edit of sasaran 1's narrative does not rerun the analyses of sasaran 2 and 3. A part is a
top-level key (``kata_pengantar``, ``prestasi``, ...), or one entry of ``sasaran``
(``sasaran.1``); the whole of ``sasaran`` when a notebook went through all of them.

In a run's kernel that records its reads (pipeline.inputs.reads), pipeline.inputs.narrative
hands out the narrative as a :class:`Recorded` mapping, which notes each part when it is asked
for and every part when it is gone through whole (iterated, copied, serialised); the file itself
is then not noted as read. Any other read of narasi.yml (e.g. the kewajaran confirmations)
notes the whole file as before.
"""

from __future__ import annotations

from pipeline.inputs import reads
from pipeline.messages import STEP

FILENAME = "narasi.yml"
# top-level keys whose entries are parts of their own: one per sasaran
SPLIT = ("sasaran",)
SEPARATOR = "."


class Recorded(dict):
    """A read-only view of a mapping of the narrative that notes the parts read through it."""

    def __init__(self, data: dict, prefix: str = ""):
        super().__init__(data)
        self._prefix = prefix

    def _note(self, key) -> None:
        reads.note_part(f"{self._prefix}{key}")

    def _note_all(self) -> None:
        if self._prefix:
            reads.note_part(self._prefix.removesuffix(SEPARATOR))
        else:
            for key in dict.keys(self):
                reads.note_part(str(key))

    def _out(self, key, value):
        if not self._prefix and key in SPLIT and isinstance(value, dict):
            return Recorded(value, f"{key}{SEPARATOR}")
        return value

    def __getitem__(self, key):
        if self._prefix or key not in SPLIT:  # a split key notes the entries asked of it instead
            self._note(key)
        return self._out(key, dict.__getitem__(self, key))

    def get(self, key, default=None):
        try:
            return self[key]
        except KeyError:  # asked for and absent: noted all the same
            return default

    def __contains__(self, key) -> bool:
        self._note(key)
        return dict.__contains__(self, key)

    def __iter__(self):
        self._note_all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        if self._prefix:  # how many sasaran have a narrative
            self._note_all()
        return dict.__len__(self)  # the top-level keys are always all there

    def keys(self):
        self._note_all()
        return dict.keys(self)

    def values(self):
        self._note_all()
        return dict.values(self)

    def items(self):
        self._note_all()
        return dict.items(self)

    def copy(self) -> dict:
        self._note_all()
        return dict(dict.items(self))

    def __repr__(self) -> str:
        self._note_all()
        return dict.__repr__(self)

    def __reduce_ex__(self, protocol):
        self._note_all()
        return dict, (dict(dict.items(self)),)

    def _read_only(self, *args, **kwargs):
        raise TypeError(STEP["narrative_read_only"].format(file=FILENAME))

    __setitem__ = __delitem__ = pop = popitem = setdefault = update = clear = _read_only


def recorded(narrative: dict) -> dict:
    """``narrative`` as a :class:`Recorded` mapping in a kernel recording its reads, else as is."""
    return Recorded(narrative) if reads.recording() else narrative


def _same_id(key, wanted: str) -> bool:
    try:
        return int(key) == int(wanted)
    except (TypeError, ValueError):
        return str(key) == wanted


def values(document, names: list[str]) -> dict[str, object]:
    """The raw YAML's value of each named part (what :class:`Recorded` noted): a part of the
    normalised narrative depends on nothing else of the file."""
    top = document if isinstance(document, dict) else {}
    out: dict[str, object] = {}
    for name in names:
        head, _, entry = name.partition(SEPARATOR)
        value = top.get(head)
        if entry:
            value = [v for k, v in value.items() if _same_id(k, entry)] if isinstance(value, dict) else None
        out[name] = value
    return out
