"""Compare a notebook's text outputs from a new run with the ones stored in it.

nbval compares the stored outputs with a run made under the reproducibility settings (one
thread, PyTorch's plain CPU kernels); tests/test_browser.py compares them, with this module,
with the run JupyterLab makes under the learner's own settings (the processor's best kernels).
Two runs that differ only in the processor's arithmetic must print the same text.

Compared: every text a cell prints (stdout, stderr) and the text forms of its results
(text/plain, text/html, text/latex). Not compared: figures (their pixels may move by a bit), a
widget's live model, and the cells nbval does not compare either (tag `nbval-ignore-output`).
"""

import json

TEXT_TYPES = ("text/plain", "text/html", "text/latex")


def _text(value):
    return "".join(value) if isinstance(value, list) else value


def ignored(cell):
    """Whether nbval leaves this code cell's output uncompared."""
    return "nbval-ignore-output" in cell.get("metadata", {}).get("tags", [])


def hidden_in_learner(cell):
    """Whether the learner's edition stores no output for this cell on purpose: it prints an
    exercise's answer (``hide-answer-output``); nbval compares it in notebooks/."""
    return "hide-answer-output" in cell.get("metadata", {}).get("tags", [])


def text_of(outputs):
    """Return the outputs of one cell as a list of (kind, text), consecutive stream outputs of
    one stream joined (JupyterLab joins them, the stored notebook may not)."""
    shown = []
    for out in outputs:
        kind = out.get("output_type")
        if kind == "stream":
            text = _text(out.get("text", ""))
            if shown and shown[-1][0] == out["name"]:
                shown[-1] = (out["name"], shown[-1][1] + text)
            else:
                shown.append((out["name"], text))
        elif kind in ("execute_result", "display_data"):
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                continue  # a live widget: its model id is new every run
            for mime in TEXT_TYPES:
                if mime in data:
                    shown.append((mime, _text(data[mime])))
        elif kind == "error":
            shown.append(("error", f"{out.get('ename')}: {out.get('evalue')}"))
    return shown


def differences(path, outputs_per_cell):
    """Return a description of every compared cell whose new outputs differ from the stored.

    ``outputs_per_cell``: the new outputs (nbformat dicts) of each code cell that has code, in
    order (JupyterLab's test leaves empty cells out).
    """
    cells = [c for c in json.loads(path.read_text())["cells"]
             if c["cell_type"] == "code" and _text(c["source"]).strip()]
    if len(cells) != len(outputs_per_cell):
        return [f"{len(outputs_per_cell)} code cells ran, the notebook has {len(cells)}"]
    found = []
    for number, (cell, new) in enumerate(zip(cells, outputs_per_cell), start=1):
        if ignored(cell) or hidden_in_learner(cell):
            continue
        stored, now = text_of(cell.get("outputs", [])), text_of(new)
        if stored != now:
            found.append(f"code cell {number}: stored {stored!r}, now {now!r}")
    return found
