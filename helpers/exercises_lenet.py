"""Checks for the exercises of notebooks 17 and 18: right or wrong, with a hint, and a Verdict.

Like ``helpers.exercises``, a check never raises on a learner's answer: it prints what
is wrong and returns a false ``Verdict`` (true or false like a bool, shown as nothing).
"""

from typing import Any

from helpers.exercises import returns_verdict, verdict
from helpers.exercises_network import whole_number_answer

# LeNet-5 on 28x28: conv 5x5 padding 2 keeps 28x28, pool -> 14x14, conv 5x5 -> 10x10,
# pool -> 5x5, 16 channels. The characteristic wrong answers, with the hint each one needs.
LENET_FLAT_SIZE = 16 * 5 * 5
LENET_FLAT_SIZE_HINTS = {
    16 * 4 * 4: "that is 16 maps of 4x4: the first convolution's padding 2 adds two rows above "
                "AND below (and two columns on each side), so its 5x5 kernel keeps 28x28.",
    16 * 7 * 7: "that is 16 maps of 7x7: only the first convolution is padded; the second one, "
                "without padding, shrinks its input.",
    16 * 10 * 10: "that is 16 maps of 10x10, the second convolution's output: the second "
                  "pooling halves both sides once more.",
    16 * 12 * 12: "that is 16 maps of 12x12: the first pooling halves 28x28 to 14x14 before the "
                  "second convolution sees it.",
    16 * 24 * 24: "that is 16 maps of 24x24: each of the two poolings halves the height and the "
                  "width.",
    6 * 5 * 5: "the dense layer sees the second convolution's channels, not the first's.",
    5 * 5: "that is one channel's map: flatten keeps every channel, so multiply by their number.",
    120: "120 is the size of the dense layer's output; the question is its input.",
}


@returns_verdict
def check_lenet_flat_size(answer: Any) -> bool:
    """Check notebook 17's exercise: how many numbers ``nn.Flatten`` hands to LeNet-5's
    first dense layer, per 28x28 digit.

    Right for 400 (16 channels of 5x5).
    """
    n = whole_number_answer(answer, "give the number of values per digit")
    if n is None:
        return False
    hint = LENET_FLAT_SIZE_HINTS.get(n, "follow (channels, height, width) from (1, 28, 28) layer "
                                        "by layer, with (n + 2p - k) // s + 1 per side.")
    return verdict(n == LENET_FLAT_SIZE, "16 maps of 5x5, flattened.", f"{n}: {hint}")


# A shift of the input moves the maps after LeNet-5's two poolings (stride 2 each) by whole
# cells only when it is a multiple of 2 * 2 pixels.
SHIFT_PERIOD = 2 * 2
SHIFT_PERIOD_HINTS = {
    1: "convolutions follow a 1-pixel shift, but a pooling with stride 2 follows only shifts "
       "that are whole multiples of its stride.",
    2: "that moves the first pooling's maps by one cell; the second pooling has a stride of 2 "
       "too, and it sees those cells.",
    5: "the maps are 5x5, but the size of a map is not its step: what counts is how many "
       "input pixels one cell of the last maps stands for.",
    8: "LeNet-5 has two poolings, not three: multiply the strides of the layers, 1 for each "
       "convolution.",
    16: "16 is the receptive field of one cell (notebook 16), how far it sees; the step from one "
        "cell to the next is the product of the strides.",
}


@returns_verdict
def check_shift_period(answer: Any) -> bool:
    """Check notebook 18's exercise: by how many pixels a digit must move for the maps after
    LeNet-5's second pooling to move by exactly one cell.

    Right for 4 (the product of the two poolings' strides).
    """
    n = whole_number_answer(answer, "give the number of pixels")
    if n is None:
        return False
    hint = SHIFT_PERIOD_HINTS.get(n, "one cell of a map is one step of its layer; multiply the "
                                     "strides of the layers below it.")
    return verdict(n == SHIFT_PERIOD, "the strides multiply, 2 x 2: one cell of the last maps is "
                                       "4 input pixels.", f"{n}: {hint}")
