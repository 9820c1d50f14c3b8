"""The checks of notebooks 15-18: sizes and steps through a network, numbers worked out by hand.

Notebooks 15, 16 and 17 ask for a number (an int, a NumPy scalar or a 0-d tensor is read as
one); notebook 18 asks for a prediction (typed). The course's own helpers that answer a
question (``receptive_field_sizes``, ``digit_net()``'s layers, ``lenet5()``'s layers) never
pass for the answer.
"""

from typing import Any

from helpers.exercises.answers import number, origin, returns_verdict, verdict

# The course's functions and attributes that compute these answers.
_NETWORK_HELPERS = {"digit_net", "trained_digit_net", "lenet5", "lenet5_gap", "dense_net",
                    "in_features", "layer_shapes", "output_size", "pool_output_size",
                    "activation_table", "count_parameters", "multiply_adds",
                    # a size read from a network run or built: what the question asks to work out
                    "shape", "numel", "size", "Flatten", "Linear", "Conv2d", "MaxPool2d",
                    "Sequential", "MultiChannelConv2D", "BatchConv2D", "Pool2D", "FastConv2D",
                    "FoldBackwardConv2D"}
_FIELD_HELPERS = {"receptive_field_sizes", "receptive_field", "show_receptive_field",
                  "gradient_support"} | _NETWORK_HELPERS


def _whole(check, answer, what, helpers, predicted=False):
    """Return a learner's whole-number answer, refused when a course helper computed it."""
    origin(check, 0, what, helpers=helpers, predicted=predicted, keyword="answer")
    return number(answer, what, whole=True, predicted=predicted)


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
    """Check notebook 15's exercise: the number of values ``nn.Flatten`` hands to the linear
    layer, a whole number. Right for 64 (16 channels of 2x2)."""
    n = _whole("check_flat_size", answer, "the number of values per digit", _NETWORK_HELPERS)
    hint = FLAT_SIZE_HINTS.get(n, "follow the shape (channels, height, width) layer by layer: "
                                  "(n + 2p - k) // s + 1 per side, and the channels of the last "
                                  "convolution.")
    return verdict(n == FLAT_SIZE, "every channel of the last pooling, flattened.",
                   f"{n}: {hint}")


# LeNet-5's layers along one side, (window, stride): conv 5x5, pool 2/2, conv 5x5, pool 2/2.
LENET_LAYERS = [(5, 1), (2, 2), (5, 1), (2, 2)]
RECEPTIVE_FIELD = 1 + sum((k - 1) * s for (k, _), s in zip(
    LENET_LAYERS, [1, 1, 2, 2]))  # 16 = 1 + 4*1 + 1*1 + 4*2 + 1*2
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
    """Check notebook 16's exercise: the receptive field (pixels per side) of LeNet-5's last
    pool, a whole number. Right for 16."""
    n = _whole("check_receptive_field", answer, "the number of input pixels along one side",
               _FIELD_HELPERS)
    hint = RECEPTIVE_FIELD_HINTS.get(n, "start from 1; each layer adds (k - 1) times the product "
                                        "of the strides of the layers before it.")
    return verdict(n == RECEPTIVE_FIELD, "each layer's (k - 1) times the strides before it.",
                   f"{n}: {hint}")


# LeNet-5 (padding 2 on its first convolution) fed a 32x32 image, the field of the 1998 paper:
# conv 5x5 padding 2 keeps 32x32, pool -> 16x16, conv 5x5 -> 12x12, pool -> 6x6, 16 channels.
# The notebooks print 400, a 28x28 digit's size, and never this one. The characteristic wrong
# answers, with the hint each one needs.
LENET_FLAT_SIZE = 16 * 6 * 6
LENET_FLAT_SIZE_HINTS = {
    16 * 5 * 5: "that is what a 28x28 digit gives, or a 32x32 image without the first "
                "convolution's padding: here the padding of 2 on each side keeps 32x32, and the "
                "size that reaches flatten grows with the input.",
    16 * 8 * 8: "that is 16 maps of 8x8 (only the first convolution is padded; the second one, "
                "without padding, shrinks its input), or the 32x32 input's own pixels (follow them "
                "through the four layers before flatten).",
    16 * 12 * 12: "that is 16 maps of 12x12, the second convolution's output: the second "
                  "pooling halves both sides once more.",
    16 * 14 * 14: "that is 16 maps of 14x14: the first pooling halves 32x32 before the "
                  "second convolution sees it.",
    16 * 28 * 28: "that is 16 maps of 28x28: each of the two poolings halves the height and the "
                  "width.",
    6 * 6 * 6: "the dense layer sees the second convolution's channels, not the first's.",
    6 * 6: "that is one channel's map: flatten keeps every channel, so multiply by their number.",
    120: "120 is the size of the first dense layer's output; the question is its input.",
}


@returns_verdict
def check_lenet_flat_size(answer: Any) -> bool:
    """Check notebook 17's exercise: how many numbers ``nn.Flatten`` would hand on per image if
    LeNet-5's layers (first convolution padded by 2) were fed a 32x32 image, a whole number.
    Right for 576 (16 channels of 6x6)."""
    n = _whole("check_lenet_flat_size", answer, "the number of values per image",
               _NETWORK_HELPERS)
    hint = LENET_FLAT_SIZE_HINTS.get(n, "follow (channels, height, width) from (1, 32, 32) layer "
                                        "by layer, with (n + 2p - k) // s + 1 per side.")
    return verdict(n == LENET_FLAT_SIZE, "16 maps of 6x6, flattened: more than the 400 the "
                                         "first dense layer takes.", f"{n}: {hint}")


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
    """Check notebook 18's prediction: by how many pixels a digit must move for the maps after
    LeNet-5's second pooling to move by exactly one cell, typed. Right for 4."""
    n = _whole("check_shift_period", answer, "the number of pixels", _FIELD_HELPERS | {
        "shift", "random_shift", "shift_accuracy"}, predicted=True)
    hint = SHIFT_PERIOD_HINTS.get(n, "one cell of a map is one step of its layer; multiply the "
                                     "strides of the layers below it.")
    return verdict(n == SHIFT_PERIOD, "the strides multiply, 2 x 2: one cell of the last maps is "
                                      "4 input pixels.", f"{n}: {hint}")
