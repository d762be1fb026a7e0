"""Executed notebooks as published: no clocks, no random ids, no staging paths."""

import json

from pipeline.run.executed import normalise

STAGING = "reports/.staging/2024-20260101T000000-1-abcdef"


def executed_notebook(stamp: str, cell_id: str) -> dict:
    timing = {"start_time": stamp, "end_time": stamp, "duration": 0.1, "status": "completed",
              "exception": False}
    return {
        "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3"},
                     "papermill": {"parameters": {"processed_dir": f"{STAGING}/processed",
                                                  "report_dir": f"{STAGING}/parts/anggaran"},
                                   "input_path": "/abs/notebooks/20_anggaran.ipynb",
                                   "output_path": f"/abs/{STAGING}/parts/anggaran/x.ipynb",
                                   "start_time": stamp, "duration": 3.2, "version": "2.7.0"}},
        "cells": [
            {"cell_type": "code", "id": "a1", "source": "year = 2024", "outputs": [],
             "execution_count": 1, "metadata": {"tags": ["parameters"], "papermill": timing}},
            {"cell_type": "code", "id": cell_id, "execution_count": 2,
             "source": f'processed_dir = "{STAGING}/processed"\n',
             "outputs": [{"output_type": "stream", "name": "stdout", "text": f"/abs/{STAGING}/processed\n"}],
             "metadata": {"tags": ["injected-parameters"], "papermill": timing,
                          "execution": {"iopub.status.busy": stamp}}},
        ],
    }


def test_two_runs_give_the_same_bytes_with_published_paths(tmp_path):
    written = []
    for n, (stamp, cell_id) in enumerate([("2026-01-01T00:00:00Z", "f00d"), ("2026-02-02T11:11:11Z", "beef")]):
        path = tmp_path / f"{n}.ipynb"
        path.write_text(json.dumps(executed_notebook(stamp, cell_id)))
        normalise(path, [(f"/abs/{STAGING}/processed", "data/processed/2024"),
                         (f"{STAGING}/processed", "data/processed/2024"),
                         (f"{STAGING}/parts/anggaran", "reports/2024")])
        written.append(path.read_bytes())
    assert written[0] == written[1]
    nb = json.loads(written[0])
    assert nb["metadata"]["papermill"] == {"parameters": {"processed_dir": "data/processed/2024",
                                                          "report_dir": "reports/2024"}}
    injected = nb["cells"][1]
    assert injected["id"] == "injected-parameters" and nb["cells"][0]["id"] == "a1"
    assert injected["source"] == 'processed_dir = "data/processed/2024"\n'
    assert injected["outputs"][0]["text"] == "data/processed/2024\n"
    assert all(set(c["metadata"]) == {"tags"} for c in nb["cells"])


def test_a_file_that_is_not_a_notebook_is_left_alone(tmp_path):
    path = tmp_path / "x.ipynb"
    path.write_text("not json")
    normalise(path, [("not", "yes")])
    assert path.read_text() == "not json"
