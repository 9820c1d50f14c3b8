"""Every figure described: in the stored notebooks, and by the functions of helpers that draw.

A stored figure (an image/png output) is followed, in its cell, by one line of stdout,
``Figure: <what it shows> <what to notice>`` (helpers.figures.PREFIX): the website makes it the
image's alt text and caption, so a cell holds one figure and nothing else displayed beside it.
What to notice is the part that starts with "Notice" (the course's convention); each part has at
least MIN_WORDS words. An animation's frames carry an alt text and its slider a label. The
drawing functions attach what their figure shows, and the numbers they say are their data's.
"""

import json
import re
from pathlib import Path

import contourpy
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from helpers import (  # noqa: E402
    corr2d,
    describe,
    edge_kernel,
    plot_losses,
    show_figure,
    show_images,
    show_loss_landscape,
    show_matrices,
    show_on_one_scale,
    show_receptive_field,
    show_sliding_window,
    stripes,
)
from helpers.figures import MIN_WORDS, PREFIX, description_of, figure_line  # noqa: E402
from helpers.figures.cost import show_costs  # noqa: E402
from helpers.figures.networks import (  # noqa: E402
    accuracy_ends_words,
    show_accuracy_curves,
    show_attributions,
    show_feature_maps,
    show_kernels,
    show_map_grid,
    show_support,
)
from helpers.figures.plotting import loss_words  # noqa: E402
from helpers.taught.nb13_cost import cost_table  # noqa: E402

ROOT = Path(__file__).parent.parent
NOTEBOOKS = [*sorted((ROOT / "notebooks").glob("*.ipynb")),
             *sorted((ROOT / "learner").glob("*.ipynb"))]
NOTICE = " Notice "  # where what to notice begins, in a figure's line


def ids(path):
    return f"{path.parent.name}/{path.name}"


def cells_with_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [(n, c) for n, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and c["outputs"]]


def stdout_lines(outputs):
    return "".join("".join(o["text"]) for o in outputs
                   if o["output_type"] == "stream" and o["name"] == "stdout").splitlines()


def parts(line):
    """Return (shows, notice) of a figure's line, split where what to notice begins."""
    assert line.startswith(PREFIX), line
    cut = line.rfind(NOTICE)
    assert cut > 0, f"no part saying what to notice (it starts with 'Notice'): {line!r}"
    return line[len(PREFIX):cut], line[cut + 1:]


def figure_outputs(path):
    """Return (cell number, outputs) of every cell with a stored PNG."""
    return [(n, c["outputs"]) for n, c in cells_with_outputs(path)
            if any("image/png" in o.get("data", {}) for o in c["outputs"])]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_stored_figure_is_followed_by_its_description(path):
    for n, outputs in figure_outputs(path):
        where = f"{path.name}, cell {n}"
        shown = [k for k, o in enumerate(outputs) if o["output_type"] in ("display_data",
                                                                          "execute_result")]
        figures = [k for k in shown if "image/png" in outputs[k]["data"]]
        assert len(figures) == 1, f"{where}: {len(figures)} figures; one figure per cell"
        assert shown == figures, f"{where}: something else is displayed beside the figure"
        lines = [line for line in stdout_lines(outputs[figures[0] + 1:]) if line.startswith(PREFIX)]
        assert len(lines) == 1, f"{where}: {len(lines)} lines starting {PREFIX!r} after the figure"
        shows, notice = parts(lines[0])
        assert len(shows.split()) >= MIN_WORDS, f"{where}: what it shows is too short: {shows!r}"
        assert len(notice.split()) >= MIN_WORDS, f"{where}: what to notice is too short: {notice!r}"


MAX_WORDS = 60  # a figure's line, what it shows and what to notice: the details are the prose's
# Notebooks not yet held to MAX_WORDS: their figures' lines come from helpers/figures/networks.py,
# whose descriptions of the networks' figures (15 to 18) still run to 90-150 words.
NOT_YET_HELD = {"15_cnn_on_digits.ipynb", "16_inside_the_network.ipynb", "17_lenet5.ipynb",
                "18_invariance_and_saliency.ipynb"}


def figure_lines(path):
    """Yield (cell number, line) for every figure's line and animation caption of a notebook."""
    for n, cell in cells_with_outputs(path):
        for line in stdout_lines(cell["outputs"]):
            if line.startswith(PREFIX):
                yield n, line
        for out in cell["outputs"]:
            page = "".join(out.get("data", {}).get("text/html", ""))
            caption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)
            if caption:
                yield n, caption.group(1)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.name not in NOT_YET_HELD], ids=ids)
def test_every_figure_line_is_at_most_60_words(path):
    long = [f"cell {n}: {len(line[len(PREFIX):].split())} words: {line[:120]}..."
            for n, line in figure_lines(path) if len(line[len(PREFIX):].split()) > MAX_WORDS]
    assert not long, f"{path.name}: figure lines over {MAX_WORDS} words:\n" + "\n".join(long)


def test_the_word_limit_fails_on_a_long_line(tmp_path):
    nb = {"cells": [{"cell_type": "code", "source": "", "outputs": [
        {"output_type": "stream", "name": "stdout",
         "text": PREFIX + "word " * (MAX_WORDS + 1) + "\n"}]}]}
    path = tmp_path / "long.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    with pytest.raises(AssertionError, match="over 60 words"):
        test_every_figure_line_is_at_most_60_words(path)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_no_description_without_a_figure_and_no_plt_show(path):
    for n, cell in cells_with_outputs(path):
        has_figure = any("image/png" in o.get("data", {}) for o in cell["outputs"])
        described = any(line.startswith(PREFIX) for line in stdout_lines(cell["outputs"]))
        assert has_figure or not described, f"{path.name}, cell {n}: a description, no figure"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for n, cell in enumerate(nb["cells"]):
        assert "plt.show()" not in "".join(cell["source"]), \
            f"{path.name}, cell {n}: plt.show() shows a figure without its description"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
def test_every_animation_has_alt_text_a_slider_label_and_a_caption(path):
    for n, cell in cells_with_outputs(path):
        for out in cell["outputs"]:
            page = "".join(out.get("data", {}).get("text/html", ""))
            if "_anim_img" not in page:
                continue
            where = f"{path.name}, cell {n}"
            images = re.findall(r'<img id="_anim_img[0-9a-f]+"[^>]*>', page)
            assert images and all(re.search(r'alt="[^"]{20,}"', i) for i in images), where
            sliders = re.findall(r'<input id="_anim_slider[0-9a-f]+" type="range"[^>]*>', page)
            assert sliders and all("aria-label=" in s for s in sliders), where
            caption = re.search(r"<figcaption>(.*?)</figcaption>", page, re.S)
            assert caption and caption.group(1).startswith(PREFIX), where
            assert len(caption.group(1).split()) >= MIN_WORDS + 1, where


# ---------------------------------------------------------------------------------------------
# helpers.figures


@pytest.fixture
def shown(monkeypatch):
    """Record every plt.show() instead of showing."""
    calls = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: calls.append(plt.gcf()))
    yield calls
    plt.close("all")


def test_a_figure_without_a_description_is_refused_before_it_is_shown(shown, capsys):
    plt.figure()
    with pytest.raises(ValueError, match="no description"):
        show_figure("Notice the line rising from left to right.")
    assert shown == [] and capsys.readouterr().out == ""


def test_show_figure_prints_one_line_what_it_shows_then_what_to_notice(shown, capsys):
    fig = describe(plt.figure(), "A line plot of six numbers   rising\nsteadily")
    show_figure("Notice that it rises at one rate")
    assert shown == [fig]
    assert capsys.readouterr().out == ("Figure: A line plot of six numbers rising steadily. "
                                       "Notice that it rises at one rate.\n")


def test_shows_given_by_the_notebook_replaces_the_attached_one(shown, capsys):
    describe(plt.figure(), "words attached by the function that drew it")
    show_figure("Notice the one thing that matters here.", shows="What the notebook composed, "
                "two panels side by side")
    assert capsys.readouterr().out.startswith("Figure: What the notebook composed, two panels")


@pytest.mark.parametrize("shows, notice", [("a plot", "Notice that it rises at one rate."),
                                           ("A line plot of six numbers rising", "Notice it."),
                                           ("   ", "Notice that it rises at one rate.")])
def test_words_are_counted(shown, capsys, shows, notice):
    plt.figure()
    with pytest.raises(ValueError, match=f"at least {MIN_WORDS} words"):
        show_figure(notice, shows=shows)
    with pytest.raises(ValueError, match=f"at least {MIN_WORDS} words"):
        figure_line(shows, notice)
    assert shown == [] and capsys.readouterr().out == ""


def test_describe_refuses_too_few_words_and_a_non_string():
    fig = plt.figure()
    with pytest.raises(ValueError):
        describe(fig, "two words")
    with pytest.raises(TypeError):
        describe(fig, None)
    assert description_of(fig) is None
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# the drawing functions: what they attach says their data


def words_of(fig):
    text = description_of(fig)
    plt.close(fig)
    assert text is not None and len(text.split()) >= MIN_WORDS
    return text


def test_show_matrices_says_shapes_and_its_colour_scales():
    X, K = stripes(), edge_kernel()
    text = words_of(show_matrices([X, K, corr2d(X, K)], ["image X", "kernel K", "edges"]))
    assert "Three heat maps, values written in: image X (6×8), kernel K (1×2) and edges (6×7)" \
        in text
    # each panel's own scale, the signed ones named with the signed colours
    assert ("each its own scale and colour bar; kernel K and edges signed: negative dark blue, "
            "0 grey, positive yellow.") in text
    text = words_of(show_matrices([X, torch.zeros(2, 2), 3 * K, torch.full((1, 1), -2.0)],
                                  ["X", "nothing", "3K", None]))
    assert "nothing (2×2)" in text and "3K and panel 4 signed" in text
    text = words_of(show_matrices([X, 3 * corr2d(X, K)], shared_scale=True))
    assert "one scale for all, -3 dark blue, 0 grey, 3 yellow" in text
    text = words_of(show_matrices([torch.tensor([[0.25, 2.5]])], scale="shared"))
    assert "one scale for all, 0.25 black to 2.5 white" in text
    text = words_of(show_matrices([X, corr2d(X, K)], scale="shared"))  # signed: symmetric
    assert "one scale for all, -1 dark blue, 0 grey, 1 yellow" in text


def test_show_images_says_each_image_and_a_shared_signed_scale():
    maps = [np.array([[-1.0, 0.5]]), np.array([[0.0, 3.0], [1.0, 2.0]])]
    text = words_of(show_images(maps, ["a", "b"], scale="symmetric"))
    assert "Two images in one row: a (1×2) and b (2×2)" in text
    assert "one scale for all, -3 dark blue, 0 grey, 3 yellow" in text
    assert "flat (3×3); all 0.5" in words_of(show_images([np.full((3, 3), 0.5)], ["flat"]))
    text = words_of(show_images([stripes()] * 12))
    assert text.startswith("12 images in 3 rows, 6×8 each; each its own scale.")


def test_show_sliding_window_says_each_window_and_its_sum():
    X, K = torch.arange(9.0).reshape(3, 3), torch.arange(4.0).reshape(2, 2)
    text = words_of(show_sliding_window(X, K, corr2d(X, K)))
    assert text.startswith("Four rows, one per output position")
    assert "input X (3×3), the 2×2 window outlined" in text and "signed" not in text
    assert "Windows at (0, 0), (0, 1), (1, 0), (1, 1) give 19, 25, 37, 43" in text
    text = words_of(show_sliding_window(X, K - 1, corr2d(X, K - 1)))
    assert "; K signed: negative dark blue, 0 grey, positive yellow" in text
    text = words_of(show_sliding_window(X, -K, corr2d(X, -K), positions=[(1, 0)]))
    assert "K and Y signed" in text and "The window at (1, 0) gives -37" in text


def test_plot_losses_says_the_first_and_last_loss_and_the_log_scale():
    text = words_of(plot_losses([21000.0, 3.0, 0.25, 1e-9], title="a run"))
    assert "each of the 4 steps, on a log scale, from 21,000 at step 1 to below 1e-08 at step 4" \
        in text
    # below 1e-5: the smallest power of ten above the loss, a bound (as the notebooks print it)
    assert [loss_words(v) for v in (21000.0, 0.0012, 1.2e-7, 9.9e-6, 1e-6, 0.0)] == \
        ["21,000", "0.0012", "below 1e-06", "below 1e-05", "below 1e-05", "0"]
    assert "log scale" not in words_of(plot_losses([4.0, 2.0], log=False))


def test_show_loss_landscape_tells_paths_apart_without_colour():
    paths = {"run A": [(0.0, 0.0), (0.5, -0.5), (1.0, -1.0)], "run B": [(-1.0, 0.5), (1.0, -1.0)]}
    fig = show_loss_landscape(lambda a, b: (a - 1) ** 2 + (b + 1) ** 2 + 0.1, paths,
                              extent=(-2, 2, -2, 1), target=(1, -1), resolution=21)
    lines = [line for line in fig.axes[0].get_lines() if line.get_label() in paths]
    styles = {(line.get_marker(), line.get_linestyle()) for line in lines}
    text = words_of(fig)
    assert len(styles) == 2, "two paths with the same marker and dash pattern"
    assert "paths from squares: run A, red circles; run B, orange triangles" in text
    assert "minimum (1, -1), black star" in text
    assert "w1 across (-2 to 2) and w2 up (-2 to 1)" in text
    assert "13 log-spaced lines, 0.145 (dark purple) to 9.26 (yellow)" in text


def test_show_loss_landscape_names_only_contour_lines_it_draws():
    """A top level reached only at a corner of the grid draws no line: it is not named."""
    def loss_at(a, b):
        return (a - 1) ** 2 + 5 * (b + 1) ** 2 + 0.1

    w1, w2 = np.linspace(-1, 1.8, 41), np.linspace(-1.6, 0.8, 41)
    L = np.array([[loss_at(a, b) for a in w1] for b in w2])
    text = words_of(show_loss_landscape(loss_at, {}, extent=(-1, 1.8, -1.6, 0.8),
                                        resolution=41))
    low, high = (float(v) for v in re.search(
        r"(\d+) log-spaced lines, ([\d.]+) \(dark purple\) to ([\d.]+) \(yellow\)",
        text).groups()[1:])
    assert L.min() < low < high < L.max()
    lines = contourpy.contour_generator(w1, w2, L).lines  # independent of matplotlib's drawing
    assert len(lines(low)) and len(lines(high)) and not len(lines(L.max()))


def test_show_receptive_field_says_what_feeds_the_element():
    text = words_of(show_receptive_field((4, 4), [(2, 2), (2, 2)], (0, 0)))
    assert "input (4×4), rows 0–2, columns 0–2; layer 1 output (3×3), rows 0–1" in text
    assert "layer 2 output (2×2), element (0, 0)" in text and "rows and columns numbered" in text


def test_show_on_one_scale_says_the_shared_signed_scale():
    text = words_of(show_on_one_scale([torch.tensor([[1.0, -2.0]]), torch.ones(2, 2)],
                                      ["K", "ones"]))
    assert "K (1×2) and ones (2×2)" in text
    assert "one scale for all, -2 dark blue, 0 grey, 2 yellow" in text


def test_show_costs_says_log_scale_and_every_count():
    tables = {"28x28": cost_table(c_i=1, c_o=6, k=5, n=28, padding=2)}
    fig = show_costs(tables)
    label = fig.axes[0].get_ylabel()
    hatches = {bar.get_hatch() for bar in fig.axes[0].patches}
    text = words_of(fig)
    assert "log scale" in label and "log scale" in text
    assert len(hatches) == 2, "parameters and multiply-adds drawn alike but for their colour"
    assert "one per layer size (28x28)" in text
    assert "parameters (plain blue) and multiply-adds (hatched orange) of convolution" in text
    text = words_of(show_costs({"224x224": cost_table(c_i=3, c_o=64, k=3, n=224, padding=1)}))
    assert "(224x224)" in text


def test_show_kernels_and_the_maps_say_their_scales():
    K = torch.tensor([[1.0, -2.0], [0.5, 0.0]])
    text = words_of(show_kernels({"learned": {"kernel 0": K}, "designed": {"d": -K}}))
    assert "-2 dark blue, 0 grey, 2 yellow" in text and "learned: kernel 0 (2×2)" in text
    maps = {"input": torch.rand(1, 8, 8, generator=torch.Generator().manual_seed(0)),
            "conv": torch.full((3, 6, 6), 2.5)}
    text = words_of(show_feature_maps(maps))
    assert "conv (three maps 6×6, up to 2.5)" in text and "input (one map 8×8" in text
    text = words_of(show_map_grid([[torch.ones(4, 4), torch.full((2, 2), 3.0)]] * 2, ["s0", "s1"],
                                  ["digit", "pooled"]))
    assert "two rows (s0 and s1) by two columns" in text and "pooled (2×2, up to 3)" in text
    support = torch.zeros(6, 6, dtype=torch.bool)
    support[1:4, 2:5] = True
    text = words_of(show_support(support, (slice(1, 4), slice(2, 5)), "what reaches it"))
    assert "the 9 pixels shaded orange lie in rows 1 to 3 and columns 2 to 4" in text
    assert "rows 1 to 3 and columns 2 to 4, outlined in blue" in text


def test_lenet_figures_say_their_lines_and_their_scale():
    ax = show_accuracy_curves(range(-1, 2), {"a": [0.5, 0.9, 0.45], "b": [0.3, 0.1, 0.8]},
                              "shift", "two runs")
    text = words_of(ax.figure)
    assert "a (circles on a solid line): 50.0% at -1, highest 90.0% at 0, 45.0% at 1" in text
    assert "b (squares on a dashed line): 30.0% at -1, lowest 10.0% at 0, 80.0% at 1" in text
    text = accuracy_ends_words(range(-1, 2), ({"a": [0.5, 0.9, 0.45], "b": [0.3, 0.1, 0.8]},
                                              {"a": [0.25, 0.925, 0.6], "b": [0.2, 0.3, 0.7]}),
                               ("sideways", "vertically"))
    assert text == ("At 0 both reach 10–92%. At -1 and 1, sideways then vertically: a "
                    "(circles, solid) 50/45% and 25/60%; and b (squares, dashed) 30/80% and 20/70%")
    images = torch.zeros(2, 5, 5)
    maps = {"saliency": torch.randn(2, 5, 5, generator=torch.Generator().manual_seed(0))}
    text = words_of(show_attributions(images, ["3, right", "4, taken for 9"], maps))
    assert "two columns, one per digit (3, right; and 4, taken for 9)" in text
    assert "from -1, against the class" in text and "+1, for it" in text
