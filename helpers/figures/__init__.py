"""Every figure of the course, drawn and described in words, in one colour language.

- ``text``: what a figure shows and what to notice, printed under it (``describe``,
  ``show_figure``, ``figure_line``) and an animation's text (``animation_html``);
- ``colours``: the colour convention (``IMAGE_CMAP``: dark small, light large;
  ``SIGNED_CMAP``: negative dark blue, 0 grey, positive yellow), used by every figure;
- ``plotting``: heat maps, the sliding window, loss curves and landscapes, receptive fields;
- ``animation``: the sliding window, animated.

Every public name is re-exported by ``helpers``: a notebook writes ``from helpers import ...``.
"""

from helpers.figures.colours import (
    COLOUR_WORDS,
    HIGHLIGHT_CMAP,
    HIGHLIGHT_MAX,
    IMAGE_CMAP,
    LEVELS_CMAP,
    SIGNED_CMAP,
)
from helpers.figures.text import (
    MIN_WORDS,
    PREFIX,
    DescribedAnimation,
    animation_html,
    describe,
    description_of,
    figure_line,
    show_figure,
)

__all__ = [
    "COLOUR_WORDS", "HIGHLIGHT_CMAP", "HIGHLIGHT_MAX", "IMAGE_CMAP", "LEVELS_CMAP", "MIN_WORDS",
    "PREFIX", "SIGNED_CMAP", "DescribedAnimation", "animation_html", "describe",
    "description_of", "figure_line", "show_figure",
]
