"""One colour language: every map the course draws is the convention's (helpers.figures.colours).

Not a grep: the colour maps are recorded as they are drawn (tests/colour_recorder.py wraps
``Axes.imshow``, ``pcolormesh``, ``contour`` and ``contourf``). The fast tests draw with every
figure function of helpers; the notebook test (marker ``reruns``, run by ``make check-reruns``
beside the other test that runs every notebook) injects the recorder into the kernel, runs the
notebook and judges every map it drew. Planted maps of the wrong kind are caught.
"""

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import colour_recorder  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import torch  # noqa: E402

from helpers import (  # noqa: E402
    corr2d,
    draw_matrix,
    show_images,
    show_loss_landscape,
    show_matrices,
    show_on_one_scale,
    show_receptive_field,
    show_sliding_window,
    stripes,
)
from helpers.figures.colours import (  # noqa: E402
    HIGHLIGHT_CMAP,
    HIGHLIGHT_MAX,
    IMAGE_CMAP,
    LEVELS_CMAP,
    SIGNED_CMAP,
)
from helpers.figures.networks import (  # noqa: E402
    show_attributions,
    show_feature_maps,
    show_kernels,
    show_map_grid,
    show_support,
)

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CONVENTION = dict(image=IMAGE_CMAP, signed=SIGNED_CMAP, highlight=HIGHLIGHT_CMAP,
                  highlight_max=HIGHLIGHT_MAX, levels=LEVELS_CMAP)


def colour_problems(records):
    return colour_recorder.problems(records, **CONVENTION)


@pytest.fixture
def recorded():
    colour_recorder.install()
    colour_recorder.RECORDS.clear()
    yield colour_recorder.RECORDS
    colour_recorder.RECORDS.clear()
    colour_recorder.uninstall()
    plt.close("all")


def test_the_convention_is_greyscale_and_signed_maps_are_lightness_monotone():
    """The signed map darkens steadily from its top to its bottom: it reads in greyscale."""
    cmap = plt.get_cmap(SIGNED_CMAP)
    rgb = cmap(np.linspace(0, 1, 64))[:, :3]
    lightness = rgb @ np.array([0.299, 0.587, 0.114])
    assert (np.diff(lightness) > 0).all()
    grey = plt.get_cmap(IMAGE_CMAP)(np.linspace(0, 1, 8))[:, :3] @ np.array([0.299, 0.587, 0.114])
    assert grey[0] < 0.05 and grey[-1] > 0.95, "images: 0 black, the largest value white"


def test_every_figure_function_draws_in_the_convention(recorded):
    X, K = stripes(), torch.tensor([[1.0, -1.0]])
    Y = corr2d(X, K)
    show_matrices([X, K, Y, torch.zeros(2, 2)], ["X", "K", "Y", "zeros"])
    show_matrices([X, Y], scale="shared")
    show_matrices([X, X + 1], scale="shared")
    show_matrices([X, Y], shared_scale=True)
    show_images([X, Y])
    show_images([X, Y], scale="symmetric")
    show_images([X, 2 * X], scale="shared", ticks=True)
    show_sliding_window(torch.arange(9.0).reshape(3, 3), K.new_ones(2, 2) - 2,
                        corr2d(torch.arange(9.0).reshape(3, 3), K.new_ones(2, 2) - 2))
    show_on_one_scale([X, Y], ["X", "Y"])
    show_on_one_scale([X, 2 * X], ["X", "2X"])
    show_receptive_field((4, 4), [(2, 2), (2, 2)], (0, 0))
    show_loss_landscape(lambda a, b: (a - 1) ** 2 + (b + 1) ** 2 + 0.1, {"a": [(0, 0), (1, -1)]},
                        extent=(-2, 2, -2, 1), resolution=11)
    _, ax = plt.subplots()
    draw_matrix(ax, Y)
    show_kernels({"row": {"k": torch.randn(3, 3, generator=torch.Generator().manual_seed(0))}})
    show_feature_maps({"input": torch.rand(1, 8, 8), "conv": torch.rand(3, 6, 6)})
    show_map_grid([[torch.ones(4, 4), torch.full((2, 2), 3.0)]] * 2, ["a", "b"], ["c", "d"])
    support = torch.zeros(6, 6, dtype=torch.bool)
    support[1:4, 2:5] = True
    show_support(support, (slice(1, 4), slice(2, 5)), "what reaches it")
    show_attributions(torch.rand(2, 5, 5), ["a", "b"], {"saliency": torch.randn(2, 5, 5)})
    assert len(recorded) > 25
    assert {r["cmap"] for r in recorded} == {IMAGE_CMAP, SIGNED_CMAP, HIGHLIGHT_CMAP, LEVELS_CMAP}
    assert colour_problems(recorded) == []


@pytest.mark.parametrize("draw, reason", [
    (lambda ax: ax.imshow(np.array([[-1.0, 1.0]]), cmap="coolwarm", vmin=-1, vmax=1),
     "another colour map"),
    (lambda ax: ax.imshow(np.array([[0.0, 1.0]])), "another colour map"),  # viridis, the default
    (lambda ax: ax.imshow(np.array([[-1.0, 1.0]]), cmap=IMAGE_CMAP), "signed values drawn on"),
    (lambda ax: ax.imshow(np.array([[-1.0, 2.0]]), cmap=SIGNED_CMAP), "not symmetric around 0"),
    (lambda ax: ax.imshow(np.array([[19.0, 43.0]]), cmap=SIGNED_CMAP, vmin=-43, vmax=43),
     "values never negative drawn on the signed map"),
    (lambda ax: ax.imshow(np.array([[0.0, 5.0]]), cmap=HIGHLIGHT_CMAP, vmin=0, vmax=HIGHLIGHT_MAX),
     "for a mask of 0s and 1s"),
    (lambda ax: ax.contour(np.arange(9.0).reshape(3, 3), cmap="plasma"), "contour lines not in"),
])
def test_a_planted_map_of_the_wrong_kind_is_caught(recorded, draw, reason):
    _, ax = plt.subplots()
    draw(ax)
    found = colour_problems(recorded)
    assert len(found) == 1 and reason in found[0], found


def test_a_positive_panel_beside_a_signed_one_may_share_its_scale(recorded):
    fig, (left, right) = plt.subplots(1, 2)
    left.imshow(np.array([[-1.0, 1.0]]), cmap=SIGNED_CMAP, vmin=-2, vmax=2)
    right.imshow(np.array([[0.0, 2.0]]), cmap=SIGNED_CMAP, vmin=-2, vmax=2)
    assert colour_problems(recorded) == []


def run_recorded(path):
    """Run notebook ``path`` in a kernel with the recorder installed; return its records."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    source = Path(colour_recorder.__file__).read_text(encoding="utf-8")
    first = nbformat.v4.new_code_cell(source + "\ninstall()\n")
    last = nbformat.v4.new_code_cell("import json as _json\nprint(_json.dumps(RECORDS))")
    nb.cells = [first, *[c for c in nb.cells if c.cell_type == "code"], last]
    NotebookClient(nb, timeout=900, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    text = "".join(o.get("text", "") for o in nb.cells[-1].outputs if o.output_type == "stream")
    return json.loads(text)


@pytest.mark.reruns
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_draws_in_the_course_s_colours(path):
    records = run_recorded(path)
    stored = path.read_text(encoding="utf-8")
    if any(word in stored for word in ("heat map", "images in", "An image", "grids")):
        assert records, f"{path.name} draws maps but no colour map was recorded"
    found = colour_problems(records)
    assert not found, f"{path.name}:\n" + "\n".join(found)
