"""Executed notebooks as published: same inputs, same bytes.

papermill and nbclient record what differs between two runs of the same inputs: start and end
times of every cell (``metadata.papermill``, ``metadata.execution``), the absolute input and
output paths, a random id for the injected parameters cell, and the staging folder the step
ran in (in the parameters, and in any output that prints a path). :func:`normalise` removes
the clocks, gives the injected cell a fixed id, and writes the published folders in place of
the staging ones, so the published notebook reads as if it had run on ``data/processed/<Y>``
and ``reports/<Y>`` directly (which is what rerunning it by hand with those parameters does).
"""

from __future__ import annotations

import json
from pathlib import Path

# Per-cell metadata written by papermill / nbclient that holds times or run state.
CELL_VOLATILE = ("papermill", "execution")
# Of papermill's notebook-level metadata only what says how the notebook was parameterised.
NOTEBOOK_KEPT = ("parameters", "default_parameters")
INJECTED_TAG = "injected-parameters"


def _replace(text: str, replacements: list[tuple[str, str]]) -> str:
    # longest first: the staging folder's subfolders before the folder itself
    for old, new in sorted(replacements, key=lambda pair: -len(pair[0])):
        if old:
            text = text.replace(old, new)
    return text


def normalise(path: Path, replacements: list[tuple[str, str]]) -> None:
    """Rewrite the executed notebook at ``path`` without clocks, random ids or staging paths.

    ``replacements`` are (staging text, published text) pairs, applied to the whole notebook
    (sources, outputs, parameters). Leaves a file that is not a notebook as it is.
    """
    path = Path(path)
    try:
        nb = json.loads(_replace(path.read_text(encoding="utf-8"), replacements))
    except (OSError, ValueError):
        return
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return
    meta = nb.setdefault("metadata", {})
    if isinstance(meta.get("papermill"), dict):
        meta["papermill"] = {k: meta["papermill"][k] for k in NOTEBOOK_KEPT if k in meta["papermill"]}
    meta.pop("widgets", None)
    seen: set[str] = set()
    for index, cell in enumerate(nb["cells"]):
        cell_meta = cell.setdefault("metadata", {})
        for key in CELL_VOLATILE:
            cell_meta.pop(key, None)
        if INJECTED_TAG in (cell_meta.get("tags") or []):
            cell["id"] = INJECTED_TAG
        elif "id" in cell and (not cell["id"] or cell["id"] in seen):
            cell["id"] = f"cell-{index}"
        if "id" in cell:
            seen.add(cell["id"])
    # nbformat's own layout (indent 1, sorted keys), so a file written by nbformat is unchanged
    path.write_text(json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                    encoding="utf-8")
