"""The sliding window, animated: padding and stride as in the convolution-arithmetic guide.

``sliding_window_animation`` returns a matplotlib ``FuncAnimation``; a notebook shows it
with ``IPython.display.HTML(animation.to_jshtml())``, which plays in JupyterLab and in a
static page, without a kernel. Each frame is a small PNG, so keep the grids small.
"""

import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from helpers.checks import int_pair, whole_number
from helpers.sizes import Size, fits, pool_output_size

INPUT, PADDING, WINDOW = "#9ecae1", "white", "#2171b5"  # blues of the input
OUTPUT, CURRENT = "#c7e9c0", "#238b45"  # greens of the output


def _draw_input(ax: Axes, n_h: int, n_w: int, p_h: int, p_w: int) -> None:
    """Draw the padded input as unit cells, row 0 at the top: input light blue, padding dashed."""
    rows, cols = n_h + 2 * p_h, n_w + 2 * p_w
    for r in range(rows):
        for c in range(cols):
            inside = p_h <= r < p_h + n_h and p_w <= c < p_w + n_w
            ax.add_patch(Rectangle((c, rows - 1 - r), 1, 1, facecolor=INPUT if inside else PADDING,
                                   edgecolor="grey", linewidth=0.8,
                                   linestyle="-" if inside else "--"))


def sliding_window_animation(n: Size, k: Size, padding: Size = 0, stride: Size = 1,
                             interval: int = 700, dpi: int = 90) -> FuncAnimation:
    """Return a ``FuncAnimation`` of a ``k`` window sliding over an ``n`` input, a frame per output.

    ``n`` and ``k`` are ints or (height, width) pairs. The input (light blue) is framed
    by ``padding`` rows and columns of padding (white); the window (dark blue) jumps
    ``stride`` cells; the output (green, on the right) fills in as the window moves,
    the element being computed in dark green. The figure is closed, so only the
    animation is shown; ``interval`` is the time per frame in milliseconds, ``dpi`` the
    frames' pixels per inch (90: captions readable at the size JupyterLab shows them).
    """
    (n_h, n_w), (k_h, k_w) = int_pair("n", n, 1), int_pair("k", k, 1)
    (p_h, p_w), (s_h, s_w) = int_pair("padding", padding, 0), int_pair("stride", stride, 1)
    interval, dpi = whole_number("interval", interval, 1), whole_number("dpi", dpi, 1)
    if not (fits(k_h, n_h, p_h) and fits(k_w, n_w, p_w)):
        raise ValueError(f"the window {(k_h, k_w)} is larger than the padded input "
                         f"{(n_h + 2 * p_h, n_w + 2 * p_w)}")
    out_h, out_w = pool_output_size(n_h, k_h, p_h, s_h), pool_output_size(n_w, k_w, p_w, s_w)
    rows, cols = n_h + 2 * p_h, n_w + 2 * p_w
    gap = 1.5
    fig, ax = plt.subplots(figsize=(0.32 * (cols + gap + out_w) + 0.3, 0.32 * rows + 0.9),
                           dpi=dpi)
    ax.set_xlim(-0.2, cols + gap + out_w + 0.2)
    ax.set_ylim(-1.2, rows + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")

    _draw_input(ax, n_h, n_w, p_h, p_w)
    top = rows - out_h  # the output's top row lines up with the input's
    outputs = [Rectangle((cols + gap + c, top + out_h - 1 - r), 1, 1, facecolor="white",
                         edgecolor="grey", linewidth=0.8)
               for r in range(out_h) for c in range(out_w)]
    for cell in outputs:
        ax.add_patch(cell)
    window = Rectangle((0, 0), k_w, k_h, facecolor=WINDOW, alpha=0.55, edgecolor=WINDOW,
                       linewidth=2)
    ax.add_patch(window)
    ax.text(cols / 2, -0.7, f"input {n_h}x{n_w}" + (f", padded by {padding}" if p_h or p_w else ""),
            ha="center", fontsize=8)
    ax.text(cols + gap + out_w / 2, top - 0.7, f"output {out_h}x{out_w}", ha="center", fontsize=8)
    title = ax.set_title("", fontsize=9)

    def draw(frame: int) -> list[Artist]:
        i, j = divmod(frame, out_w)
        window.set_xy((j * s_w, rows - i * s_h - k_h))
        for index, cell in enumerate(outputs):
            cell.set_facecolor(CURRENT if index == frame else OUTPUT if index < frame else "white")
        title.set_text(f"padding {p_h}, stride {s_h}: output ({i}, {j}) of {out_h}x{out_w}"
                       if (p_h, s_h) == (p_w, s_w) else
                       f"padding {(p_h, p_w)}, stride {(s_h, s_w)}: output ({i}, {j})")
        return [window, *outputs, title]

    animation = FuncAnimation(fig, draw, frames=out_h * out_w, interval=interval, blit=False)
    plt.close(fig)  # show the animation, not a still of its figure
    return animation
