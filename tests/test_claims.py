"""A guard that the prose stays true to the outputs stored beside it (issue 10).

- A claims table: a number the markdown quotes from a computation must appear in the stored
  output of the code cell that computes it (found by a piece of its source).
- Panels compared side by side share one colour scale: ``show_matrices(shared_scale=True)``
  gives every panel the same symmetric limits and a colourbar, and the notebooks whose figures
  compare signed maps ask for it.
- Exercises give nothing away: solution cells hide source and outputs, answer cells hold no
  answer in a comment, and no notebook before the exercises uses the helpers that solve them.
- The first cell of the course is a plain import.
- One notation: the kernel of a convolution is K (not W), an output size is written from its
  rule (not o_h), a direction is (d_x, d_y) (not v1, v2).
"""

import json
import re
from pathlib import Path

import matplotlib
import pytest
import torch

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.plotting import shared_limits, show_matrices  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def cells(name):
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def output_text(cell):
    """Return everything a code cell printed or displayed as text."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


# (notebook, text quoted in its markdown, piece of the computing cell's source, its output shows)
CLAIMS = [
    ("01_cross_correlation.ipynb", r"4 \cdot 3 = 19", "Y = corr2d(X, K)", "[[19., 25.]"),
    ("01_cross_correlation.ipynb", "6 \\times 8$ input", "for kh, kw in",
     "kernel 6x8 -> output (1, 1); rule gives (1, 1)"),
    ("02_conv2d_layer.ipynb", r"$2 \times 3$ output", "Y = layer(X)",
     "[ 7.7222,  9.2072, 10.6922]"),
    ("02_conv2d_layer.ipynb", "0 + 1 + 2 + 4 + 5 + 6 = 18", ".sum().backward()",
     "weight gradient: tensor([[18., 24.]"),
    ("02_conv2d_layer.ipynb", r"$2 \times 3 = 6$", ".sum().backward()",
     "bias gradient: tensor([6.]) = the number of output elements, 6"),
    ("03_edge_detection.ipynb", r"shape $6 \times 7$", "Y = corr2d(X, K)",
     "[ 0.,  1.,  0.,  0.,  0., -1.,  0.]"),
    ("03_edge_detection.ipynb", r"$8 \times 5$ result is all zeros", "corr2d(X.t(), K)",
     "[0., 0., 0., 0., 0.]]"),
    ("05_exercises.ipynb", "diagonal line of 7 entries", "check_diagonal_prediction(shapes",
     "shape (8, 7), sum 7."),
    ("05_exercises.ipynb", "here $-6$", "second = torch.tensor",
     "on the thin line: tensor([[ 3., -6.,  3.]])"),
    ("04_learning_a_kernel.ipynb", "by a factor of $4.8$", "factor = losses[step - 1]",
     "step 2 -> 4: the loss falls by a factor of 4.8"),
    ("04_learning_a_kernel.ipynb", "$2.9$ from step 8 to step 10", "factor = losses[step - 1]",
     "step 8 -> 10: the loss falls by a factor of 2.9"),
    ("04_learning_a_kernel.ipynb", "$-0.8$ across, $0.64$ along", "across = (W[:, 0] + W[:, 1])",
     "-0.2116  -0.800 | -1.0792   0.640"),
    ("08_kernels_on_a_photo.ipynb", "$[1, -1]$ gives a negative response",
     "ramp = torch.arange(6.0)", "[1, -1] on the ramp: tensor([-1., -1., -1., -1., -1.])"),
    ("09_learning_with_our_conv2d.ipynb", "by $-2.73$", "def loss_of(params)",
     "multiplies the error by -2.73"),
    ("09_learning_with_our_conv2d.ipynb", "to below $10^{-6}$", "for step in [1, 200",
     "step 1000, loss below 1e-06"),
    ("11_channels_padding_stride.ipynb", "the bottom-right corner, $54$",
     "Y4 = corr2d_fast(X4_padded, box)", "[46., 72., 78., 54.]]"),
    ("11_channels_padding_stride.ipynb", "$4/9$ of the inside value", "pad2d(torch.ones(4, 4), 1)",
     "[[4., 6., 6., 4.]"),
    ("11_channels_padding_stride.ipynb", "the other three quarters", "computed = 2 * 128 * 128",
     "75% thrown away"),
    ("16_inside_the_network.ipynb", "(1.82 and 1.91)", "pooled = {s: net[:3](X)",
     "shifted 1 pixel vs not moved: largest |difference| 1.82"),
    ("16_inside_the_network.ipynb", "(1.82 and 1.91)", "pooled = {s: net[:3](X)",
     "shifted 1 pixel vs moved 1 column: largest |difference| 1.91"),
    ("16_inside_the_network.ipynb", "the largest pooled value (3.66)", "pooled = {s: net[:3](X)",
     "largest value in the pooled maps: 3.66"),
]


@pytest.mark.parametrize("notebook,quote,marker,shown", CLAIMS,
                         ids=[f"{c[0][:2]}:{c[1][:24]}" for c in CLAIMS])
def test_claim_matches_stored_output(notebook, quote, marker, shown):
    nb = cells(notebook)
    prose = "\n".join(source(c) for c in nb if c["cell_type"] == "markdown")
    assert quote in prose, f"{notebook}: the prose no longer says {quote!r}; update CLAIMS"
    computing = [c for c in nb if c["cell_type"] == "code" and marker in source(c)]
    assert computing, f"{notebook}: no code cell contains {marker!r}"
    assert any(shown in output_text(c) for c in computing), \
        f"{notebook}: the prose says {quote!r} but no stored output of its cell shows {shown!r}"


def test_exercise_3_start_is_the_one_the_prose_quotes():
    from helpers.exercises import conv2d_gradient_problem

    prose = "\n".join(source(c) for c in cells("05_exercises.ipynb"))
    w, b, _, _ = conv2d_gradient_problem()
    assert "`w` $= [1, -0.5]$" in prose and w.tolist() == [[1.0, -0.5]]
    assert "`b` $= 0$" in prose and b.tolist() == [0.0]


def test_shared_scale_gives_every_panel_the_same_symmetric_limits():
    maps = [torch.zeros(4, 4), torch.tensor([[0.0, 1.0], [-3.0, 0.5]]), torch.ones(2, 3)]
    fig = show_matrices(maps, shared_scale=True)
    panels = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    limits = {ax.images[0].get_clim() for ax in panels}
    assert len(panels) == 3 and limits == {(-3.0, 3.0)} == {shared_limits(maps)}
    assert len(fig.axes) == 4  # and one colourbar
    plt.close(fig)
    fig = show_matrices(maps, scale="shared")  # one scale, smallest to largest
    assert {ax.images[0].get_clim() for ax in fig.axes[:3]} == {(-3.0, 1.0)}
    assert len(fig.axes) == 4
    plt.close(fig)
    # the default: each panel its own scale and colourbar; a signed one symmetric around 0, a
    # constant one with its value mid-scale (zeros grey, not black)
    fig = show_matrices(maps)
    assert [ax.images[0].get_clim() for ax in fig.axes[:3]] == [(-1.0, 1.0), (-3.0, 3.0),
                                                                (0.0, 2.0)]
    assert len(fig.axes) == 6  # three panels, three colourbars
    plt.close(fig)
    assert shared_limits([torch.zeros(2, 2)]) == (-1.0, 1.0)


# notebooks whose show_matrices figures compare signed maps: each call shares its scale.
# (Notebook 3 draws the 0/1 image beside the signed kernel and map: each on its own scale with
# its own colourbar, so that the image's 0 is black, not the grey of "no change".)
SIGNED_FIGURES = ["04_learning_a_kernel.ipynb", "05_exercises.ipynb",
                  "06_convolution_vs_correlation.ipynb", "08_kernels_on_a_photo.ipynb",
                  "09_learning_with_our_conv2d.ipynb"]


@pytest.mark.parametrize("notebook", SIGNED_FIGURES)
def test_compared_maps_share_a_colour_scale(notebook):
    calls = [source(c) for c in cells(notebook)
             if c["cell_type"] == "code" and "show_matrices(" in source(c)]
    assert calls
    for call in calls:
        assert "shared_scale=True" in call, f"{notebook}: panels on separate scales:\n{call}"


@pytest.mark.parametrize("path", ALL, ids=[p.name[:2] for p in ALL])
def test_solutions_are_hidden_and_answers_not_given(path):
    for cell in cells(path.name):
        text, meta = source(cell), cell.get("metadata", {})
        if is_solution(cell):
            hidden = meta.get("jupyter", {})
            assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), \
                f"{path.name}: a solution shows its source or outputs:\n{text[:200]}"
        for comment in re.findall(r"= None\s*#(.*)", text):
            assert not re.search(r"your answer:.*\w\(", comment), \
                f"{path.name}: the answer cell's comment gives the answer away: {comment}"


def is_solution(cell):
    text = source(cell)
    return cell["cell_type"] == "code" and (text.startswith("# Solution")
                                            or "solution" in cell["metadata"].get("tags", []))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name[:2])
def test_collapsed_solution_shows_nothing_of_the_answer(path):
    # JupyterLab draws a collapsed cell as its first line: that line must be "# Solution" alone
    for cell in filter(is_solution, cells(path.name)):
        first = source(cell).splitlines()[0]
        assert first.strip() == "# Solution", f"{path.name}: a collapsed solution shows {first}"


def test_first_cell_is_a_plain_import():
    first = next(c for c in cells("01_cross_correlation.ipynb") if c["cell_type"] == "code")
    text = source(first)
    assert "try:" not in text and "except" not in text and len(text.splitlines()) <= 12, text


@pytest.mark.parametrize("path", ALL, ids=[p.name[:2] for p in ALL])
def test_one_notation(path):
    for cell in cells(path.name):
        text = source(cell)
        if cell["cell_type"] == "markdown":  # (a linear layer's weight matrix may be W)
            assert not re.search(r"\\star\s*\\mathsf\{W\}|kernel \$\\mathsf\{W\}", text), \
                f"{path.name}: the kernel is K, not W:\n{text[:200]}"
        assert not re.search(r"\bo_[hw]\b", text), \
            f"{path.name}: write an output size by its rule (n - k + 1), not o_h:\n{text[:200]}"
        assert not re.search(r"\bv_?1\b.{0,12}\bv_?2\b", text), \
            f"{path.name}: a direction is (d_x, d_y), not (v1, v2):\n{text[:200]}"


# what the exercises of notebook 5 ask for, as the helpers name their solutions
SOLVED_IN_HELPERS = ["directional_edge", "second_derivative", "laplacian", "box_blur",
                     "corr2d_matmul", "window_matrix"]


EXERCISES = next(p for p in ALL if p.name.endswith("_exercises.ipynb"))


@pytest.mark.parametrize("path", [p for p in ALL if p < EXERCISES], ids=lambda p: p.name[:2])
def test_nothing_is_solved_before_it_is_asked(path):
    for cell in cells(path.name):
        if cell["cell_type"] == "code":
            used = [name for name in SOLVED_IN_HELPERS if re.search(rf"\b{name}\b", source(cell))]
            assert not used, f"{path.name} uses {used} before {EXERCISES.name} asks for it"
