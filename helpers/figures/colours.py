"""The course's one colour language, chosen here and used by every figure.

- ``IMAGE_CMAP`` (``"gray"``): an image, or any map of values that are never negative
  (intensities, counts, magnitudes, activations after a ReLU): **dark is small, light is
  large**, 0 black and the largest value white, as a photograph is shown.
- ``SIGNED_CMAP`` (``"cividis"``): values with a sign (kernels, edge maps, gradients,
  differences), always on a scale symmetric around 0 (``vmin = -vmax``), so that 0 is the
  middle colour: **negative dark blue, 0 grey, positive yellow**. Its lightness grows with
  the value, so it reads in greyscale (darker is smaller, as for images) and was designed to
  look the same to readers with the common colour-vision deficiencies (Nuñez, Anderton and
  Renslow, 2018); a colour bar and words give the sign and the scale too.
- ``HIGHLIGHT_CMAP`` (``"Oranges"``, drawn from 0 to ``HIGHLIGHT_MAX``): a mask of 0s and 1s,
  the cells that are marked (a receptive field, where a gradient reaches) light orange on
  white. It shows where, not how much.
- ``LEVELS_CMAP`` (``"viridis"``): contour lines of a loss, coloured by their level.

tests/test_colours.py records the colour maps that the notebooks actually draw and fails on
any other map for images or signed values.
"""

IMAGE_CMAP = "gray"
SIGNED_CMAP = "cividis"
HIGHLIGHT_CMAP = "Oranges"
HIGHLIGHT_MAX = 1.6  # a mask of 1s drawn light orange, readable text on it
LEVELS_CMAP = "viridis"

# What a colour map's ends (and middle) look like, in words: (smallest, middle, largest).
COLOUR_WORDS = {
    IMAGE_CMAP: ("black", "grey", "white"),
    SIGNED_CMAP: ("dark blue", "grey", "yellow"),
    HIGHLIGHT_CMAP: ("white", "light orange", "orange"),
    LEVELS_CMAP: ("dark purple", "green", "yellow"),
}

IMAGE_WORDS = "dark is small, light is large: 0 black"
SIGNED_WORDS = "negative dark blue, 0 grey, positive yellow"
