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
    progress_words,
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


@pytest.mark.parametrize("path", NOTEBOOKS, ids=ids)
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
    # an all-zero panel is drawn as the grey 0 of the signed scale, and said to be signed
    assert "nothing (2×2)" in text and "nothing, 3K and panel 4 signed" in text
    zero = show_matrices([X, torch.zeros(2, 2)], ["X", "nothing"])
    assert zero.axes[1].get_images()[0].get_cmap().name == "cividis"
    assert zero.axes[1].get_images()[0].get_clim() == (-1.0, 1.0)
    assert "; nothing signed: negative dark blue, 0 grey, positive yellow" in words_of(zero)
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
    fig = show_sliding_window(X, K, corr2d(X, K))
    panels = [ax for ax in fig.axes if ax.get_images()]
    bars = [ax.get_images()[0].colorbar for ax in panels if ax.get_images()[0].colorbar]
    # one colour bar for each of X, K and Y (the same in every row), on each one's scale
    assert len(panels) == 12 and [b.ax.get_ylim() for b in bars] == [(0, 8), (0, 3), (19, 43)]
    text = words_of(fig)
    assert text.startswith("Four rows, one per output position")
    assert "input X (3×3), the 2×2 window outlined" in text and "signed" not in text
    assert "values written in, colour bars: dark small, light large" in text
    assert "Windows at (0, 0), (0, 1), (1, 0), (1, 1) give 19, 25, 37, 43" in text
    text = words_of(show_sliding_window(X, K - 1, corr2d(X, K - 1)))
    assert "colour bars; K signed: negative dark blue, 0 grey, positive yellow" in text
    fig = show_sliding_window(X, -K, corr2d(X, -K), positions=[(1, 0)])
    assert [ax.get_images()[0].colorbar.ax.get_ylim() for ax in fig.axes[:3]] == \
        [(0, 8), (-3, 3), (-43, 43)]
    text = words_of(fig)
    assert "K and Y signed" in text and "It gives Y[1, 0] = -37" in text


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
    assert text.startswith("Two kernels, each 2×2, on one scale, -2 dark blue, 0 grey, 2 yellow")
    assert "rows: learned, kernel 0; and designed, d" in text
    many = {f"k{n}": n * K for n in range(1, 7)}  # more than four in a row: the first to the last
    text = words_of(show_kernels({"many": many, "other": {"big": torch.ones(3, 3)}}))
    assert text.startswith("Seven kernels, on one scale, -12 dark blue, 0 grey, 12 yellow")
    assert "rows: many, k1 (2×2) to k6 (2×2); and other, big (3×3)" in text
    maps = {"input": torch.rand(1, 8, 8, generator=torch.Generator().manual_seed(0)),
            "conv": torch.full((3, 6, 6), 2.5)}
    text = words_of(show_feature_maps(maps))
    assert text.startswith("An image's feature maps, a stage a band (input and conv), channels "
                           "numbered, true relative sizes")
    maps["conv"] = torch.full((11, 6, 6), 2.5)  # more channels than a row holds: a band of rows
    assert "a stage a band (input and conv; 11 channels in 2 rows of 8), channels" in words_of(
        show_feature_maps(maps))
    text = words_of(show_map_grid([[torch.ones(4, 4), torch.full((2, 2), 3.0)]] * 2, ["s0", "s1"],
                                  ["digit", "pooled"]))
    assert "rows s0 and s1 by columns digit; and pooled; each column scaled from 0" in text
    support = torch.zeros(6, 6, dtype=torch.bool)
    support[1:4, 2:5] = True
    text = words_of(show_support(support, (slice(1, 4), slice(2, 5)), "what reaches it"))
    assert "the 9 pixels shaded orange lie in rows 1 to 3 and columns 2 to 4" in text
    assert "rows 1 to 3 and columns 2 to 4, outlined in blue" in text


def test_feature_maps_carry_their_channel_numbers_above_each_map():
    maps = {"input": torch.rand(1, 4, 4), "conv": torch.rand(11, 4, 4), "pool": torch.rand(3, 2, 2)}
    fig = show_feature_maps(maps, ncols=4)
    drawn = [ax for ax in fig.axes if ax.get_images() and ax.get_label() != "<colorbar>"]
    assert len(drawn) == 3
    for ax, (name, stage) in zip(drawn, maps.items()):
        labels = [(t.get_text(), t.get_position()) for t in ax.texts]
        if len(stage) == 1:
            assert labels == []  # one map: no number
            continue
        assert [text for text, _ in labels] == [str(c) for c in range(len(stage))]
        tiled = ax.get_images()[0].get_array()
        h, w = stage.shape[1:]
        for c, (_, (x, y)) in enumerate(labels):  # just above map c, over its middle column
            row, col = round(y + 0.6 + 0.5), round(x - (w - 1) / 2)
            assert np.allclose(tiled[row:row + h, col:col + w], stage[c].numpy()), (name, c)
    plt.close(fig)


def test_lenet_figures_say_their_lines_and_their_scale():
    ax = show_accuracy_curves(range(-1, 2), {"a": [0.5, 0.9, 0.45], "b": [0.3, 0.1, 0.8]},
                              "shift", "two runs")
    legend = ax.get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["a", "b"]
    fig = ax.figure
    fig.canvas.draw()  # the legend stands right of the axes: it hides no line
    assert legend.get_window_extent().x0 >= ax.get_window_extent().x1
    text = words_of(fig)
    assert text == ("A line plot, two runs: test accuracy (%) against shift, -1 to 1; two lines, "
                    "each with its own marker and dash; at 1, from 45.0% to 80.0%.")
    text = words_of(show_accuracy_curves([1, 2], {"a": [0.5, 0.625]}, "epoch", "one",
                                         measured_on="validation").figure)
    assert text.endswith("validation accuracy (%) against epoch, 1 to 2; one line; at 2, 62.5%.")
    text = accuracy_ends_words(range(-1, 2), ({"a": [0.5, 0.9, 0.45], "b": [0.3, 0.1, 0.8]},
                                              {"a": [0.25, 0.925, 0.6], "b": [0.2, 0.3, 0.7]}))
    assert text == "at 0, 10–92%; at ±1, 20–80%"
    assert accuracy_ends_words([1, 2, 3], [{"a": [0.1, 0.5, 0.3]}]) == "at 1 and 3, 10–30%"
    images = torch.zeros(2, 5, 5)
    maps = {"saliency": torch.randn(2, 5, 5, generator=torch.Generator().manual_seed(0))}
    text = words_of(show_attributions(images, ["3, right", "4, taken for 9"], maps))
    assert text.startswith("Two digits, one per column, titled, white on black; below each, "
                           "its saliency maps")
    assert "-1 (against the class, dark blue)" in text and "+1 (for it, yellow)" in text


def test_live_progress_says_its_epochs_losses_and_last_accuracies():
    records = [{"epoch": 1, "loss": 2.1, "train_accuracy": 0.5, "val_accuracy": 0.25},
               {"epoch": 2, "loss": 0.25, "train_accuracy": 0.625, "val_accuracy": 0.5},
               {"epoch": 3, "loss": 0.019, "train_accuracy": 0.875, "val_accuracy": 0.75}]
    assert progress_words("t", records) == (
        "Two line plots over epochs 1 to 3, t: left, the training loss on a log scale, from 2.1 "
        "to 0.019; right, the accuracy, ending at 0.875 on training digits (circles, solid) and "
        "0.750 on validation digits (squares, dashed)")
