"""Checks for the exercises of notebooks 15 and 16: right or wrong, with a hint, and a bool.

Like ``helpers.exercises``, a check never raises on a learner's answer: it prints what
is wrong and returns ``False``.
"""

import math
import numbers
from typing import Any

from helpers.exercises import EMPTY, WRONG, returns_verdict, verdict
from helpers.taught.nb07_receptive_fields import receptive_field_sizes


def whole_number_answer(answer, what):
    """Return ``answer`` as an int if it is a whole number; else print why not and return None."""
    if answer is None:
        print(f"{EMPTY} {what}")
        return None
    if isinstance(answer, (tuple, list)):
        print(f"{WRONG} give one number, not the shape {tuple(answer)!r}: flattening multiplies "
              "the sizes of the dimensions it merges")
        return None
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real) \
            or not math.isfinite(answer) or float(answer) != int(answer):
        print(f"{WRONG} give a whole number, got {type(answer).__name__} {answer!r}")
        return None
    return int(answer)


# The flattened size feeding the linear layer of notebook 15's network (16 channels of 2x2),
# and the characteristic wrong answers with the hint each one needs.
FLAT_SIZE = 16 * 2 * 2
FLAT_SIZE_HINTS = {
    16 * 8 * 8: "that is 16 channels of 8x8: each 2x2 max pool halves the height and the width.",
    16 * 4 * 4: "that is 16 channels of 4x4: there are two pooling layers, each halves both sides.",
    2 * 2: "that is one channel's map: flatten keeps every channel, so multiply by their number.",
    8 * 2 * 2: "the linear layer sees the second convolution's channels, not the first's.",
    16 * 1 * 1: "padding 1 adds a row above AND below (p per side): a 3x3 kernel then keeps "
                "the size, (n + 2p - k) + 1 = n.",
    0: "with padding 1 the convolutions keep the size; only the pooling layers shrink it.",
}


@returns_verdict
def check_flat_size(answer: Any) -> bool:
    """Check notebook 15's exercise: the number of values ``nn.Flatten`` hands to the linear layer.

    Returns True for 64 (16 channels of 2x2).
    """
    n = whole_number_answer(answer, "give the number of values per digit")
    if n is None:
        return False
    hint = FLAT_SIZE_HINTS.get(n, "follow the shape (channels, height, width) layer by layer: "
                                  "(n + 2p - k) // s + 1 per side, and the channels of the last "
                                  "convolution.")
    return verdict(n == FLAT_SIZE, "every channel of the last pooling, flattened.",
                    f"{n}: {hint}")


# LeNet-5's layers along one side, (window, stride): conv 5x5, pool 2/2, conv 5x5, pool 2/2.
LENET_LAYERS = [(5, 1), (2, 2), (5, 1), (2, 2)]
RECEPTIVE_FIELD = receptive_field_sizes(LENET_LAYERS)[-1]  # 16 = 1 + 4*1 + 1*1 + 4*2 + 1*2
RECEPTIVE_FIELD_HINTS = {
    11: "that is the stride-1 rule L(k - 1) + 1: after a stride-2 layer, each step of a layer "
        "above covers 2 input pixels, so its (k - 1) counts twice.",
    19: "multiply each (k - 1) by the strides of the layers BEFORE it, not by its own; a 2x2 "
        "pool adds (2 - 1), not 2.",
    22: "each layer adds k - 1, not k: a 1x1 window would add nothing.",
    13: "the pooling layers count too: each adds (2 - 1) times the strides before it.",
    9: "the pooling layers count too, and their strides multiply what every later layer adds.",
}


@returns_verdict
def check_receptive_field(answer: Any) -> bool:
    """Check notebook 16's exercise: the receptive field (pixels per side) of LeNet-5's last pool.

    Returns True for 16.
    """
    n = whole_number_answer(answer, "give the number of input pixels along one side")
    if n is None:
        return False
    hint = RECEPTIVE_FIELD_HINTS.get(n, "start from 1; each layer adds (k - 1) times the product "
                                        "of the strides of the layers before it.")
    return verdict(n == RECEPTIVE_FIELD, "each layer's (k - 1) times the strides before it.",
                    f"{n}: {hint}")
