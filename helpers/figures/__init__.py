"""Every figure with its description: what it shows and what to notice, in words.

A reader who cannot see a figure reads its description instead; a reader who can reads it as
the figure's caption. A function of ``helpers`` that draws a figure attaches what the figure
shows (``describe``); the notebook cell ends with ``show_figure("what to notice")`` instead of
``plt.show()``: the figure is shown, then, right under it, one line of text,
``Figure: <what it shows> <what to notice>``. The course's website makes that line the
image's alt text and its caption (book/course_book.py). A figure without a description
cannot be shown this way, and tests/test_figures.py fails on a stored figure without one.

Animations and widgets have their text too: ``animation_html`` gives an animation's frames an
alt text and its slider a label, and puts the description under it.
"""

import html
import re
import weakref
from typing import TypeVar

import matplotlib.pyplot as plt
from matplotlib.animation import Animation
from matplotlib.figure import FigureBase

AnyFigure = TypeVar("AnyFigure", bound=FigureBase)  # a Figure, or a SubFigure of one
PREFIX = "Figure: "  # how the line under a figure starts: course_book.py and the tests find it
MIN_WORDS = 6  # a description says something: "a plot" is not one
# figure -> what it shows, attached by the drawing function
_SHOWS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _words(name: str, text: object) -> str:
    """Return ``text`` stripped, if it is a string of at least MIN_WORDS words on one line."""
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a string of words, got {type(text).__name__}")
    text = " ".join(text.split())
    if len(text.split()) < MIN_WORDS:
        raise ValueError(f"{name} must describe the figure in at least {MIN_WORDS} words, "
                         f"got {text!r}")
    return text


def _sentence(text: str) -> str:
    """Return ``text`` ending with a full stop (or its own ? or !)."""
    return text if text.endswith((".", "?", "!", ":")) else text + "."


def describe(fig: AnyFigure, shows: str) -> AnyFigure:
    """Attach to ``fig`` what it shows (``shows``, in words); return ``fig``."""
    _SHOWS[fig] = _sentence(_words("shows", shows))
    return fig


def description_of(fig: FigureBase) -> str | None:
    """Return what ``describe`` attached to ``fig``, or None."""
    return _SHOWS.get(fig)


def show_figure(notice: str, shows: str | None = None) -> None:
    """Show the current figure, then its description on one line under it.

    ``notice``: what the reader should notice, in words (at least MIN_WORDS). ``shows``: what
    the figure shows; by default what the function that drew it attached (``describe``). A
    figure that has neither raises ``ValueError``, before anything is shown.
    """
    if shows is None:
        shows = description_of(plt.gcf())
    if shows is None:
        raise ValueError("this figure has no description of what it shows: it was not drawn "
                         "by a function of helpers; pass shows='...' (what a reader who cannot "
                         "see it should know)")
    text = figure_line(shows, notice)
    plt.show()
    print(text)


def figure_line(shows: str, notice: str) -> str:
    """Return the line printed under a figure: ``Figure: <shows> <notice>``.

    For a figure shown another way than by ``show_figure`` (e.g. redrawn in place while a
    network trains); ``ValueError`` when either part has fewer than MIN_WORDS words.
    """
    return f"{PREFIX}{_sentence(_words('shows', shows))} {_sentence(_words('notice', notice))}"


class DescribedAnimation:
    """An animation as HTML that plays without a kernel (``to_jshtml``), described in words.

    In a notebook it shows as the animation, its description under it; its text form (what
    nbval compares and a screen reader of the plain output reads) is the description.
    """

    def __init__(self, animation: Animation, description: str) -> None:
        self.description = _sentence(_words("description", description))
        page = animation.to_jshtml()
        alt = html.escape(self.description, quote=True)
        # the frames: one <img> whose source changes; the slider: an <input type="range">
        page = re.sub(r'<img id="(_anim_img[0-9a-f]+)"', rf'<img id="\1" alt="{alt}"', page)
        page = re.sub(r'<input id="(_anim_slider[0-9a-f]+)" type="range"',
                      r'<input id="\1" type="range" aria-label="frame of the animation"', page)
        caption = f"{PREFIX}{html.escape(self.description)}"
        self.html = (f'<figure class="described-animation">{page}'
                     f"<figcaption>{caption}</figcaption></figure>")

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"{PREFIX}{self.description}"


def animation_html(animation: Animation, description: str) -> "DescribedAnimation":
    """Return ``animation`` (a matplotlib animation) as described HTML for a notebook cell."""
    return DescribedAnimation(animation, description)
