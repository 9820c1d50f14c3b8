"""A guard that the prose stays true to the outputs stored beside it (issue 10).

- A claims table: a number the markdown quotes from a computation must appear in the stored
  output of the code cell that computes it (found by a piece of its source).
- Panels compared side by side share one colour scale: ``show_matrices(shared_scale=True)``
  gives every panel the same symmetric limits and a colourbar, and the notebooks whose figures
  compare signed maps ask for it.
- Exercises give nothing away: solution cells hide source and outputs, answer cells hold no
  answer in a comment, and no notebook before the exercises uses the helpers that solve them.
- The first cell of the course is a plain import.
- One notation: the kernel of a convolution is K (not W), an output size is written from its
  rule (not o_h), a direction is (d_x, d_y) (not v1, v2).
"""

import json
import re
from pathlib import Path

import matplotlib
import pytest
import torch

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from helpers.figures.plotting import shared_limits, show_matrices  # noqa: E402

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def cells(name):
    return json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def output_text(cell):
    """Return everything a code cell printed or displayed as text."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append("".join(out.get("text", "")))
        parts.append("".join(out.get("data", {}).get("text/plain", "")))
    return "\n".join(parts)


# (notebook, text quoted in its markdown, piece of the computing cell's source or None for any
# code cell, what its stored output shows)
CLAIMS = [
    ("01_cross_correlation.ipynb", r"4 \cdot 3 = 19", "Y = corr2d(X, K)", "[[19., 25.]"),
    ("01_cross_correlation.ipynb", "6 \\times 8$ input", "for kh, kw in",
     "kernel 6x8 -> output (1, 1); rule gives (1, 1)"),
    ("02_conv2d_layer.ipynb", r"$2 \times 3$ output", "Y = layer(X)",
     "[ 7.7222,  9.2072, 10.6922]"),
    ("02_conv2d_layer.ipynb", "0 + 1 + 2 + 4 + 5 + 6 = 18", ".sum().backward()",
     "weight gradient: tensor([[18., 24.]"),
    ("02_conv2d_layer.ipynb", r"$2 \times 3 = 6$", ".sum().backward()",
     "bias gradient: tensor([6.]) = the number of output elements, 6"),
    ("03_edge_detection.ipynb", r"shape $6 \times 7$", "Y = corr2d(X, K)",
     "[ 0.,  1.,  0.,  0.,  0., -1.,  0.]"),
    ("03_edge_detection.ipynb", r"$8 \times 5$ result is all zeros", "corr2d(X.t(), K)",
     "[0., 0., 0., 0., 0.]]"),
    ("05_exercises.ipynb", "diagonal line of 7 entries", "check_diagonal_prediction(shapes",
     "shape (8, 7), sum 7."),
    ("05_exercises.ipynb", "here $-6$", "second = torch.tensor",
     "on the thin line: tensor([[ 3., -6.,  3.]])"),
    ("04_learning_a_kernel.ipynb", "by a factor of $4.8$", "factor = losses[step - 1]",
     "step 2 -> 4: the loss falls by a factor of 4.8"),
    ("04_learning_a_kernel.ipynb", "$2.9$ from step 8 to step 10", "factor = losses[step - 1]",
     "step 8 -> 10: the loss falls by a factor of 2.9"),
    ("04_learning_a_kernel.ipynb", "$-0.8$ across, $0.64$ along",
     "across = (dist[:, 0] + dist[:, 1])",
     "-0.2116  -0.800 | -1.0792   0.640"),
    ("08_kernels_on_a_photo.ipynb", "$[1, -1]$ gives a negative response",
     "ramp = torch.arange(6.0)", "[1, -1] on the ramp: tensor([-1., -1., -1., -1., -1.])"),
    ("09_learning_with_our_conv2d.ipynb", "by $-2.73$", "def loss_of(params)",
     "multiplies the error by -2.73"),
    ("09_learning_with_our_conv2d.ipynb", "to below $10^{-6}$", "for step in [1, 200",
     "step 1000, loss below 1e-06"),
    ("11_channels_padding_stride.ipynb", "the bottom-right corner, $54$",
     "Y4 = corr2d_fast(X4_padded, box)", "[46., 72., 78., 54.]]"),
    ("11_channels_padding_stride.ipynb", "$4/9$ of the inside value", "pad2d(torch.ones(4, 4), 1)",
     "[[4., 6., 6., 4.]"),
    ("11_channels_padding_stride.ipynb", "the other three quarters", "computed = 2 * 128 * 128",
     "75% thrown away"),
    ("16_inside_the_network.ipynb", "(1.90 and 1.91)", "pooled = {s: net[:3](X)",
     "shifted 1 pixel vs not moved: largest |difference| 1.90"),
    ("16_inside_the_network.ipynb", "(1.90 and 1.91)", "pooled = {s: net[:3](X)",
     "shifted 1 pixel vs moved 1 column: largest |difference| 1.91"),
    ("16_inside_the_network.ipynb", "the largest pooled value (3.67)", "pooled = {s: net[:3](X)",
     "largest value in the pooled maps: 3.67"),
    # notebooks 9, 15 and 16: causes measured, choices on validation, the sweep over seeds
    ("09_learning_with_our_conv2d.ipynb", r"2.73^2 \approx 7.45$ a step", "def loss_of(params)",
     "the loss by 7.45 (x55.5 every two steps)"),
    ("09_learning_with_our_conv2d.ipynb", "with curvature $85.5$", "def photo_loss",
     "curvatures from 85.5 to 1.021e+04"),
    ("09_learning_with_our_conv2d.ipynb", r"\approx 1.96 \cdot 10^{-4}$", "def photo_loss",
     "converges for lr < 2 / 1.021e+04 = 1.96e-04"),
    ("09_learning_with_our_conv2d.ipynb", "$-0.021$ of it", "def photo_loss",
     "the most curved direction: the error x-0.0210 a step"),
    ("09_learning_with_our_conv2d.ipynb", "keeps $0.9914$ of its", "def photo_loss",
     "the least curved direction: the error x+0.9914 a step"),
    ("09_learning_with_our_conv2d.ipynb", "about 800 steps", "def photo_loss",
     "a thousandth of it left after 804 steps"),
    ("09_learning_with_our_conv2d.ipynb", "keeps $0.9832$ of its error a step and needs 409 steps",
     "def photo_loss", "the error x+0.9832 a step, a thousandth left after 409 steps"),
    ("09_learning_with_our_conv2d.ipynb", "it falls 37-fold,\nthen 31-fold", "for step in [1, 200",
     "the loss falls x37 from step 200 to 400 and x31 from 400 to 600"),
    ("09_learning_with_our_conv2d.ipynb", "least curved direction alone (31-fold)",
     "for step in [1, 200", "the least curved direction alone would fall x31"),
    ("09_learning_with_our_conv2d.ipynb", "the next least curved would fall 2,941-fold",
     "for step in [1, 200", "the next least curved x2,941"),
    ("15_cnn_on_digits.ipynb", "peaks at 98.3% after epoch 12", "EPOCHS = 20",
     "highest 0.983, after epoch 12"),
    ("15_cnn_on_digits.ipynb", "and ends at 97.6%", "EPOCHS = 20",
     "validation accuracy after epoch 20: 0.976"),
    ("15_cnn_on_digits.ipynb", "they still agree on every validation digit", "fit_32 = ",
     "epoch by epoch: at most 0 of 287"),
    ("15_cnn_on_digits.ipynb", "float32's drift, above a millionth", "fit_32 = ",
     "after the last epoch above 1e-6: True"),
    ("15_cnn_on_digits.ipynb", "float64's, below\n$10^{-9}$", "torch_net = digit_net(nn.Conv2d",
     "of the scores after training below 1e-9: True"),
    ("15_cnn_on_digits.ipynb", "reaches 95.3% on the test set", "FINAL_EPOCHS = ",
     "test accuracy 95.3%"),
    ("15_cnn_on_digits.ipynb", "the three seeds span 95.3% to 97.8%", 'sweep_table("digits")',
     "95.3%, 96.4%, 97.8%; mean (range) 96.5% (95.3-97.8%)"),
    ("15_cnn_on_digits.ipynb", "(17, the best mean", 'sweep_table("digits")',
     "epochs chosen (the highest mean validation accuracy): 17"),
    ("16_inside_the_network.ipynb", "dark for this digit, 6, 13, 14 and 15", "dark = [c for c",
     "of them dead (dark for every digit): [6, 13, 14, 15]"),
    ("16_inside_the_network.ipynb", "whose kernels get a gradient of exactly 0",
     "kernel_gradient = ",
     "dead channels exactly 0: True; the others not all 0: True"),
    ("16_inside_the_network.ipynb", "(0.95 and 0.92, against 0.95 unmoved)", "back = shift(",
     "shifted 2 pixel(s): test accuracy 0.45; shifted and back: 0.92"),
    ("16_inside_the_network.ipynb", "falls to 0.70 and 0.45", "back = shift(",
     "shifted 1 pixel(s): test accuracy 0.70; shifted and back: 0.95"),
    ("16_inside_the_network.ipynb", "by itself (0.74)", "back = shift(",
     "shifted 3 pixel(s): test accuracy 0.26; shifted and back: 0.74"),
    ("16_inside_the_network.ipynb", "66.4% and 39.7% moved", 'sweep_table("inside")',
     "66.4% (61.6-69.9%)  39.7%"),
    ("16_inside_the_network.ipynb", "96.5% and 94.4% moved and back", 'sweep_table("inside")',
     "96.5% (95.3-97.8%)  94.4%"),
    ("16_inside_the_network.ipynb", "lose 12.5% and 18.8%", 'sweep_table("inside")',
     "conv 2 + ReLU 18.8%"),
    # notebooks 0, 7, 13, 17 and 18 (None: any code cell of the notebook)
    ('00_why_convolution.ipynb', '2,340 parameters for an', 'nn.Linear(n * n',
     '8x8 image -> 6x6 outputs:             2,340'),
    ('00_why_convolution.ipynb', '530,660 for a digit', 'nn.Linear(n * n',
     '28x28 image -> 26x26 outputs:           530,660'),
    ('00_why_convolution.ipynb', '4.0 TB of memory', 'nn.Linear(n * n',
     '996,004,996,004 parameters,   4.0 TB'),
    ('00_why_convolution.ipynb',
     'from 530,660 parameters to 6,760',
     'locally_connected_cost(1, 1, 3, n)',
     '530,660              6,760'),
    ('00_why_convolution.ipynb',
     '10 parameters, 9 weights and a bias',
     'locally_connected_cost(1, 1, 3, n)',
     'nn.Conv2d(1, 1, kernel_size=3) has 10 parameters'),
    ('00_why_convolution.ipynb', 'in only 4 of the 36 cells', 'def dense(image)',
     'cells where they agree: 4 of 36'),
    ('00_why_convolution.ipynb', 'The single layer gives $2u = 1$ everywhere', 'u = 0.5',
     'the one kernel  f(-X) + f(X) the same everywhere: True, values [1.0]'),
    ('04_learning_a_kernel.ipynb', 'shrink by factors of $2.4$ and $6.0$', 'f_across, f_along',
     '= 2.4, the along part by 1 / 0.64^4 = 6.0'),
    ('04_learning_a_kernel.ipynb', 'only for $\\eta$ above $1/36 \\approx 0.028$',
     'f_across, f_along', 'lr > 1/36 = 0.0278'),
    ('06_convolution_vs_correlation.ipynb', 'outputs match the convolution\'s to within 0.01',
     'learned bias', "the layer's outputs within 0.01 of the convolution's everywhere: True"),
    ('00_why_convolution.ipynb', 'a peak of 5', 'K = X[2:5, 2:5]',
     'corr2d(shifted, K) equals corr2d(X, K) shifted one column: True'),
    ('00_why_convolution.ipynb',
     '1 \\cdot 1 + 2 \\cdot 3 + 3 \\cdot 4 = 19',
     'C = convolution_matrix(K, X.shape)',
     '[[19., 25.]'),
    ('00_why_convolution.ipynb', '1.1% of the matrix', 'for n in [5, 8, 28]',
     '6,084 of its 529,984 entries non-zero (1.1%)'),
    ('00_why_convolution.ipynb', 'those 6,084 entries are 9 numbers', 'for n in [5, 8, 28]',
     '9 distinct weights'),
    ('00_why_convolution.ipynb',
     'The three kernels have 18 weights, the one kernel 32',
     'one_weights = 4 * 8',
     'a 4x8 kernel of 32 weights, made from only 18'),
    ('07_receptive_fields.ipynb', '$1 + 2 + 4 + 8 = 15$', 'for name, dilations in stacks.items()',
     'three 3x3, dilations 1, 2, 4  field 15x15 (rule: 15), 225 pixels seen, 27 weights'),
    ('07_receptive_fields.ipynb',
     'the same 9 weights reach over a $5 \\times 5$ square',
     'for name, dilations in stacks.items()',
     'one 3x3, dilation 2           field  5x5  (rule:  5),   9 pixels seen, 9 weights'),
    ('07_receptive_fields.ipynb',
     '(the third line)',
     'rule = (n + 2 * p - dil * (k - 1) - 1) // s + 1',
     'n = 15, k = 3, padding 4, stride 1, dilation 4: rule 15, nn.Conv2d 15'),
    ('07_receptive_fields.ipynb',
     'The same view for 55% of the parameters',
     'one = conv_cost(c_i, c_o, 7, n, padding=3)',
     '55% of the parameters, 55% of the multiply-adds'),
    ('07_receptive_fields.ipynb', 'leave holes, every other row and',
     'Y = corr2d_dilated(corr2d_dilated(X, torch.ones(3, 3), 2)',
     'field 9x9, 25 of its 81 pixels seen, in rows [3, 5, 7, 9, 11] and columns [3, 5, 7, 9, 11]'),
    ('08_kernels_on_a_photo.ipynb', 'weighted $1, 2, 1$, to $4h$', 'step[:, 3:] = 1.0',
     'Laplacian across it:   [0.0, 1.0, -1.0, 0.0]\nSobel S_x across it:   [0.0, 4.0, 4.0, 0.0]'),
    ('13_one_by_one_and_cost.ipynb', 'costs a thirty-sixth', 'bottleneck_total = tuple(',
     "each 1x1 layer makes 1/36, the 3x3 at 64 channels 1/16"),
    ('07_receptive_fields.ipynb',
     'a $7 \\times 7$ square of the input (of the channels taken together), for both',
     'net(x)[0, 0, 7, 7].backward()',
     'three 3x3  parameters 110,784 (ours: True); the centre output sees 7x7 pixels'),
    ('07_receptive_fields.ipynb',
     'a $7 \\times 7$ square of the input (of the channels taken together), for both',
     'net(x)[0, 0, 7, 7].backward()',
     'one 7x7    parameters 200,768 (ours: True); the centre output sees 7x7 pixels'),
    ('13_one_by_one_and_cost.ipynb', '15,386 numbers per image', 'rows = activation_table(lenet',
     '15,386      61,706'),
    ('13_one_by_one_and_cost.ipynb', 'against 61,706 parameters', 'rows = activation_table(lenet',
     '15,386      61,706'),
    ('13_one_by_one_and_cost.ipynb', 'hold 4,704 numbers each', 'rows = activation_table(lenet',
     'Conv2d            (6, 28, 28)    4,704         156\nSigmoid           (6, 28, 28)    4,704'),
    ('13_one_by_one_and_cost.ipynb', '156 parameters between them', 'rows = activation_table(lenet',
     '4,704         156'),
    ('13_one_by_one_and_cost.ipynb', 'about 64 times the memory', 'for batch in [1, 64, 256]',
     '63.8 times the parameters'),
    ('13_one_by_one_and_cost.ipynb', 'the parameters, 15.8 MB', 'for batch in [1, 64, 256]',
     '256:  15.8 MB'),
    ('13_one_by_one_and_cost.ipynb', 'against 246.8 KB', 'for batch in [1, 64, 256]',
     'parameters: 246.8 KB'),
    ('13_one_by_one_and_cost.ipynb', 'from a batch of 5 images on', 'for batch in [1, 64, 256]',
     'from a batch of 5 images on'),
    ('13_one_by_one_and_cost.ipynb', '8,868 numbers per\nimage', 'saved_for_backward(lenet',
     '8,868 numbers per image'),
    ('13_one_by_one_and_cost.ipynb', '37 times the parameters', 'saved_for_backward(lenet',
     '37 times the parameters'),
    ('17_lenet5.ipynb', "holds 48,120 of the network's 61,706", None,
     '    Linear  (1, 120)             48,120'),
    ('17_lenet5.ipynb', 'learn 156 and 2,416', None,
     'FoldBackwardConv2D  (1, 16, 10, 10)       2,416'),
    ('17_lenet5.ipynb', 'classifies 97.3% of the test digits right', None,
     'test accuracy after the last epoch, measured once: 97.3%'),
    ('17_lenet5.ipynb',
     'shrinks about fivefold (0.023, 0.005, 0.001, then below 0.0005)', 'after_activations(lenet5(',
     'Sigmoid: 0.023 (0%), 0.005 (0%), 0.001 (0%), 0.000 (0%); the 10 scores 0.0001'),
    ('17_lenet5.ipynb', 'tens of times less than with ReLU (0.0035)', 'after_activations(lenet5(',
     'ReLU: 0.037, 0.030, 0.009, 0.004; the 10 scores 0.0035'),
    ('17_lenet5.ipynb', 'moved 32.7% of their size in one epoch', 'for optimizer in',
     "Adam: first layer's kernels moved 32.7% of their size"),
    ('17_lenet5.ipynb', '(up to 63%\nof a layer', 'for optimizer in',
     "at most 63% of a layer saturated"),
    ('17_lenet5.ipynb', 'they did not move measurably (0.0%)', 'for optimizer in',
     "plain SGD: first layer's kernels moved 0.0% of their size"),
    ('17_lenet5.ipynb', 'at chance on the validation digits after that epoch (10.0%)',
     'for optimizer in',
     'at most 0% of a layer saturated; validation accuracy 10.0%'),
    ('17_lenet5.ipynb', '(2.317 and 2.290)', 'histories, test_accuracies = {}, {}',
     '1998: sigmoid + average pooling     2.317    2.290'),
    ('17_lenet5.ipynb', 'best at 0.004 (96.8%)', 'sweep_table("learning rates")',
     'today  0.001: 93.9%, 0.004: 96.8%, 0.016: 96.4%; chosen 0.004'),
    ('17_lenet5.ipynb',
     'does best at 0.002 (58.4%), between 0.001 (46.8%) and 0.004',
     'sweep_table("learning rates")',
     '1998   0.0005: 10.0%, 0.001: 46.8%, 0.002: 58.4%, 0.004: 16.9%, 0.016: 10.0%; chosen 0.002'),
    ('17_lenet5.ipynb', 'reaches 93.1%, 93.4% and 93.0% on validation',
     'sweep_table("learning rates")',
     'seeds 0, 1, 2: 93.1%, 93.4%, 93.0%; mean (range) 93.2% (93.0-93.4%)'),
    ('17_lenet5.ipynb', 'it reaches 93.0–93.4% on validation', 'sweep_table("learning rates")',
     'mean (range) 93.2% (93.0-93.4%)'),
    ('17_lenet5.ipynb', 'ReLU recipe\n  (96.6%), far outside', 'sweep_table("learning rates")',
     'ReLU + average pooling  96.6%  96.9%  96.6%'),
    ('17_lenet5.ipynb',
     "today's recipe reaches 97.2% (96.8–97.5%)", 'sweep_table("learning rates")',
     'mean (range) 97.2% (96.8-97.5%)'),
    ('17_lenet5.ipynb',
     'ReLU with average pooling 96.7% (96.6–96.9%)', 'sweep_table("learning rates")',
     'mean (range) 96.7% (96.6-96.9%)'),
    ('17_lenet5.ipynb',
     'the 1998 recipe reaches 79.6% (76.7–83.8%)', 'sweep_table("learning rates")',
     'mean (range) 79.6% (76.7-83.8%)'),
    ('18_invariance_and_saliency.ipynb',
     '−0.02 to 0.10, against 0.38 to 0.61', 'def correlation(a, b)',
     'saliency and occlusion, untrained    -0.02   0.03   0.10  -0.02   0.04   0.09'),
    ('18_invariance_and_saliency.ipynb', '(−0.08 to 0.06)', 'def correlation(a, b)',
     'saliency: trained and untrained       0.03  -0.07   0.06  -0.00  -0.08   0.05'),
    ('18_invariance_and_saliency.ipynb', '(from −0.81 to 0.27,', 'def correlation(a, b)',
     'occlusion: trained and untrained      0.22  -0.00  -0.19   0.06  -0.81   0.27'),
    ('18_invariance_and_saliency.ipynb', '(correlations 0.92 to 0.97)', 'def correlation(a, b)',
     'occlusion: fill 0 and fill 0.13       0.97   0.92   0.95   0.97   0.93   0.97'),
    ('18_invariance_and_saliency.ipynb', 'correlations of 0.38 to 0.61', None,
     'correlation of the two maps 0.38'),
    ('18_invariance_and_saliency.ipynb', "notebook 17's 97.3% again (seed 0)", None,
     'LeNet-5                    test accuracy 97.3% (the sweep\'s seed 0 the same: True)'),
    ('18_invariance_and_saliency.ipynb', '92.6% on centred digits (92.5–92.8% over the seeds)',
     'sweep_table("shifts")', '  dense                        26.3  42.3  63.7  85.4  92.6  87.8'),
    ('18_invariance_and_saliency.ipynb', '92.6% on centred digits (92.5–92.8% over the seeds)',
     'sweep_table("shifts")', '22.3  (25.8-27.3; 92.5-92.8; 21.9-22.6)'),
    ('18_invariance_and_saliency.ipynb', 'on centred digits, 97.2% (96.8–97.5%)',
     'sweep_table("shifts")', '54.0  (55.0-58.9; 96.8-97.5; 51.2-56.4)'),
    ('18_invariance_and_saliency.ipynb', 'for the dense network (88.3–89.7%)',
     'sweep_table("shifts")', '84.2  (84.8-86.4; 88.3-89.7; 83.4-84.7)'),
    ('18_invariance_and_saliency.ipynb', '96.1% for LeNet-5 (95.5–97.1%)',
     'sweep_table("shifts")', '93.7  (93.4-95.1; 95.5-97.1; 92.8-94.3)'),
    ('18_invariance_and_saliency.ipynb', 'reaches 96.3% (95.4–96.9%)',
     'sweep_table("shifts")', '76.5  (74.5-82.2; 95.4-96.9; 71.3-80.2)'),
    ('18_invariance_and_saliency.ipynb', 'for 5.2% to 49.9% of the digits', 'sweep_table("shifts")',
     '  left   6 (1-13); 5.2%'),
    ('18_invariance_and_saliency.ipynb', 'for 5.2% to 49.9% of the digits', 'sweep_table("shifts")',
     '  bottom 4 (0-8); 49.9%'),
    ('18_invariance_and_saliency.ipynb', 'it keeps only 53.5% to 78.1% (96.3%',
     'sweep_table("shifts")',
     '  LeNet-5 + GAP                78.1  88.5  94.3  96.3  96.3'),
    ('18_invariance_and_saliency.ipynb', 'surrounds the digit (61.9% unmoved)',
     'sweep_table("controls")', '56.1  58.4  60.1  61.1  61.9  61.0'),
    ('18_invariance_and_saliency.ipynb', 'the saliency maps stay within −0.08 to 0.06',
     'def correlation(a, b)',
     'saliency: trained and untrained       0.03  -0.07   0.06  -0.00  -0.08   0.05'),
    ('18_invariance_and_saliency.ipynb',
     'and to 10.7% and 9.0% up and down', 'sweep_table("shifts")',
     '  dense                        10.7  23.2  55.8  83.9  92.6  84.5  54.3  23.9   9.0'),
    ('18_invariance_and_saliency.ipynb',
     'it falls to 56.9% and 54.0% sideways', 'sweep_table("shifts")',
     '  LeNet-5                      56.9  69.5  85.1  96.1  97.2  95.9  91.4  77.0  54.0'),
    ('18_invariance_and_saliency.ipynb', 'to 27.0% and 36.8% up and down', 'sweep_table("shifts")',
     '  LeNet-5                      27.0  52.4  80.9  94.8  97.2  94.7  83.9  62.7  36.8'),
    ('18_invariance_and_saliency.ipynb', 'keeps 81.8% or more', 'sweep_table("shifts")',
     '  dense, shifted training      83.6  88.8  89.8  89.3  88.8  89.1  89.5  88.1  81.8'),
    ('18_invariance_and_saliency.ipynb', 'LeNet-5 keeps 93.1% or more', 'sweep_table("shifts")',
     '  LeNet-5, shifted training    93.9  95.5  95.9  95.8  96.1  96.2  95.8  94.7  93.1'),
    ('18_invariance_and_saliency.ipynb',
     'it keeps 78.1% and 76.5% sideways (74.5–82.2% and 71.3–80.2%)',
     'sweep_table("shifts")', '76.5  (74.5-82.2; 95.4-96.9; 71.3-80.2)'),
    ('18_invariance_and_saliency.ipynb', 'and 53.5% and 64.7% up and down', 'sweep_table("shifts")',
     '  LeNet-5 + GAP                53.5  74.3  89.7  95.3  96.3  95.2  91.0  82.4  64.7'),
    ('18_invariance_and_saliency.ipynb',
     '97.2% and 97.1% sideways against 97.2%', 'sweep_table("controls")',
     '  LeNet-5                      97.2  97.1  (96.7-97.6; 96.7-97.3)'),
    ('18_invariance_and_saliency.ipynb', '92.6% and 91.9% sideways', 'sweep_table("controls")',
     '  dense                        92.6  91.9  (92.4-92.7; 91.9-92.0)'),
    ('18_invariance_and_saliency.ipynb',
     'reaches only 61.9% (55.6–67.4%) even unmoved', 'sweep_table("controls")',
     '56.1  58.4  60.1  61.1  61.9  61.0'),
    ('18_invariance_and_saliency.ipynb', 'Only the 4-pixel shift moves the last maps', None,
     'moved 4 pixel(s): the maps moved by one whole cell: True'),
    # the review of notebooks 9 and 15-18 (review-0915): seeds, ranges and sets named
    ("09_learning_with_our_conv2d.ipynb", r"$6 \times 7 = 42$ outputs",
     "Y = corr2d(X, edge_kernel())",
     "output shape: (6, 7) = 42 outputs"),
    ("15_cnn_on_digits.ipynb", r"$\ln 10 \approx 2.30$ (printed below)", "adam = torch.optim",
     "an even bet's loss, ln 10 = 2.30"),
    ("15_cnn_on_digits.ipynb", r"$\beta_2 = 0.999$, $\epsilon = 10^{-8}$, PyTorch's defaults",
     "adam = torch.optim", "Adam's defaults: betas (0.9, 0.999), eps 1e-08"),
    ("18_invariance_and_saliency.ipynb", "a hidden layer of 78 units (printed below)",
     "dense_net()[1].out_features", "the dense network's hidden layer: 78 units"),
    ("15_cnn_on_digits.ipynb", "half a billion times larger (printed below)", "fit_32 = ",
     "float32's rounding unit is 536,870,912 times float64's"),
    ("15_cnn_on_digits.ipynb", "Epoch 17's mean, 97.8% (97.2–98.3%)", 'sweep_table("digits")',
     "17: 97.8% (97.2-98.3%)"),
    ("15_cnn_on_digits.ipynb", "(95.8–97.9%, 96.5–97.9% and 96.5–97.6%)", 'sweep_table("digits")',
     "10: 97.2% (95.8-97.9%)"),
    ("15_cnn_on_digits.ipynb", "(95.8–97.9%, 96.5–97.9% and 96.5–97.6%)", 'sweep_table("digits")',
     "15: 97.3% (96.5-97.9%)"),
    ("15_cnn_on_digits.ipynb", "(95.8–97.9%, 96.5–97.9% and 96.5–97.6%)", 'sweep_table("digits")',
     "20: 97.2% (96.5-97.6%)"),
    ("15_cnn_on_digits.ipynb", "On all the training images, the two", "torch_net(X_train)",
     "over 1438 training digits below 1e-12: True"),
    ("16_inside_the_network.ipynb", "For this network (seed 0)", "best = lambda kernels",
     "seed 0: mean |cosine| with the most similar designed kernel: before training 0.45, "
     "after 0.68"),
    ("16_inside_the_network.ipynb", "over all 1,797 digits (training and test)", "every_digit = ",
     "4 of 16 channels never fire on the 1,797 digits (training and test) [6, 13, 14, 15]"),
    ("16_inside_the_network.ipynb", "lose 12.5% and 18.8%", 'sweep_table("inside")',
     "never fire on all 1,797 digits (training and test), per seed:"),
    ("17_lenet5.ipynb", "500 of each digit (printed below)", "all digits of each class",
     "all digits of each class 0-9: [500, 500, 500, 500, 500, 500, 500, 500, 500, 500]"),
    ("17_lenet5.ipynb", "(4.4 against 0.36)", "x, y = X_fit[:32], y_fit[:32]",
     "Sigmoid: |gradient| of the first layer's kernels 7.5e-04, of the last layer's weights "
     "4.4e+00; first / last 1.7e-04"),
    ("17_lenet5.ipynb", "(4.4 against 0.36)", "x, y = X_fit[:32], y_fit[:32]",
     "of the last layer's weights 3.6e-01; first / last 1.7e-01"),
    ("17_lenet5.ipynb", "(seed 0, one minibatch)", "x, y = X_fit[:32], y_fit[:32]",
     "at the start (seed 0), one minibatch of the first 32 training digits:"),
    ("17_lenet5.ipynb", "Nothing is saturated (seed 0)", "after_activations(lenet5(",
     "at the start (seed 0), 256 training digits"),
    ("17_lenet5.ipynb", "32.7% of their size in one epoch (seed 0)", "for optimizer in",
     "learning rate 0.002, from the same start (seed 0):"),
    ("17_lenet5.ipynb", "best at 0.004 (96.8%), ahead of 0.016 (96.4%) (seed 0;",
     'sweep_table("learning rates")', "today  0.001: 93.9%, 0.004: 96.8%, 0.016: 96.4%"),
    ("17_lenet5.ipynb", "(93.1% against 96.8%, seed 0", 'sweep_table("learning rates")',
     "seeds 0, 1, 2: 93.1%, 93.4%, 93.0%"),
    ("17_lenet5.ipynb", "ReLU with average pooling reaches 96.7% (96.6–96.9%), a\n  range that "
     "overlaps today's (96.8–97.5%)", 'sweep_table("recipes")', "mean (range) 96.7% (96.6-96.9%)"),
    ("17_lenet5.ipynb", "range that overlaps today's (96.8–97.5%)", 'sweep_table("recipes")',
     "97.3%  97.5%  96.8%   mean (range) 97.2% (96.8-97.5%)"),
    ("18_invariance_and_saliency.ipynb", "measured at LeNet-5's rate", "LR = experiment_results()",
     "learning rate 0.004 for every network (LeNet-5's, chosen in notebook 17)"),
    ("18_invariance_and_saliency.ipynb", "each of its seeds above each of the dense network's",
     'sweep_table("shifts")', "d_x: LeNet-5, shifted training, above the dense network, shifted "
     "training, at every shift, every seed above every seed: True"),
    ("18_invariance_and_saliency.ipynb", "each of its seeds above each of the dense network's",
     'sweep_table("shifts")', "d_y: LeNet-5, shifted training, above the dense network, shifted "
     "training, at every shift, every seed above every seed: True"),
    ("18_invariance_and_saliency.ipynb", "92.5% and 91.7% up and down, against 92.6% (92.5–92.8%)",
     'sweep_table("controls")',
     "  dense                        92.5  91.7  (92.4-92.5; 91.5-91.9)"),
    ("18_invariance_and_saliency.ipynb", "at $d_x = 4$\n(91.9–92.0%)", 'sweep_table("controls")',
     "  dense                        92.6  91.9  (92.4-92.7; 91.9-92.0)"),
    ("18_invariance_and_saliency.ipynb", "moved and not moved back (22.3% and 9.0% at",
     'sweep_table("shifts")',
     "  dense                        10.7  23.2  55.8  83.9  92.6  84.5  54.3  23.9   9.0"),
    ("18_invariance_and_saliency.ipynb", "moved and not moved back (22.3% and 9.0% at",
     'sweep_table("shifts")', "87.8  66.9  42.8  22.3  (25.8-27.3"),
    ("18_invariance_and_saliency.ipynb",
     "61.9% (55.6–67.4%) even unmoved, against its 96.3% (95.4–96.9%)",
     'sweep_table("controls")', "61.9  61.0  57.8  53.4  48.1  (34.8-70.2; 55.6-67.4; 44.4-53.1)"),
    ("18_invariance_and_saliency.ipynb",
     "61.9% (55.6–67.4%) even unmoved, against its 96.3% (95.4–96.9%)",
     'sweep_table("shifts")', "76.5  (74.5-82.2; 95.4-96.9; 71.3-80.2)"),
]


@pytest.mark.parametrize("notebook,quote,marker,shown", CLAIMS,
                         ids=[f"{c[0][:2]}:{c[1][:24]}" for c in CLAIMS])
def test_claim_matches_stored_output(notebook, quote, marker, shown):
    nb = cells(notebook)
    prose = "\n".join(source(c) for c in nb if c["cell_type"] == "markdown")
    assert quote in prose, f"{notebook}: the prose no longer says {quote!r}; update CLAIMS"
    computing = [c for c in nb if c["cell_type"] == "code"
                 and (marker is None or marker in source(c))]
    assert computing, f"{notebook}: no code cell contains {marker!r}"
    assert any(shown in output_text(c) for c in computing), \
        f"{notebook}: the prose says {quote!r} but no stored output of its cell shows {shown!r}"


def overlap(a, b):
    """Whether the ranges of two lists of per-seed numbers overlap (the notebooks' rule)."""
    return min(a) <= max(b) and min(b) <= max(a)


def test_the_verdicts_on_seeds_follow_the_committed_ranges():
    """The sentences of notebooks 15, 17 and 18 that call a difference real or within the seeds'
    spread, checked against the per-seed numbers of helpers/training/results.json."""
    from helpers.training.sweeps import SHIFTS, load_results

    results = load_results()
    curves = list(results["digits"]["validation_curves"].values())
    at = {e: [c[e - 1] for c in curves] for e in (10, 15, 17, 20)}
    assert results["digits"]["chosen_epochs"] == 17
    assert all(overlap(at[17], at[e]) for e in (10, 15, 20))  # "within what the seed changes"
    lenet = results["lenet"]
    recipes = {name: list(v.values()) for name, v in lenet["recipes_test_accuracy"].items()}
    assert overlap(recipes["today"], recipes["ReLU + average pooling"])  # "ranges overlap"
    assert max(recipes["1998"]) < min(recipes["ReLU + average pooling"])
    tried = {float(lr): c[-1] for lr, c in lenet["learning_rates"]["today"]["curves"].items()}
    assert 0 < tried[0.004] - tried[0.016] < 0.01  # "differences under a point"
    assert lenet["chosen_lr"]["today"] == 0.004 and all(  # every network at LeNet-5's rate
        rate == 0.004 for name, rate in lenet["chosen_lr"].items() if name != "1998")
    shift = lenet["shift_accuracy"]
    zero = SHIFTS.index(0)
    for name in ("dense", "LeNet-5", "LeNet-5 + GAP"):
        unmoved = [v["x"][zero] for v in shift[name].values()]
        for key in ("x back", "y back"):
            minus, plus = ([v[key][k] for v in shift[name].values()] for k in (0, 1))
            assert overlap(minus, unmoved)
            # moved and back at +4: only the dense network's loss is real
            assert overlap(plus, unmoved) == (name != "dense"), (name, key)
    canvas = [v["x"][zero] for v in lenet["gap_canvas"]["accuracy"].values()]
    assert max(canvas) < min(v["x"][zero] for v in shift["LeNet-5 + GAP"].values())


def test_exercise_3_start_is_the_one_the_prose_quotes():
    from helpers.exercises import conv2d_gradient_problem

    prose = "\n".join(source(c) for c in cells("05_exercises.ipynb"))
    w, b, _, _ = conv2d_gradient_problem()
    assert "`w` $= [1, -0.5]$" in prose and w.tolist() == [[1.0, -0.5]]
    assert "`b` $= 0$" in prose and b.tolist() == [0.0]


def test_shared_scale_gives_every_panel_the_same_symmetric_limits():
    maps = [torch.zeros(4, 4), torch.tensor([[0.0, 1.0], [-3.0, 0.5]]), torch.ones(2, 3)]
    fig = show_matrices(maps, shared_scale=True)
    panels = [ax for ax in fig.axes if ax.images and ax.get_label() != "<colorbar>"]
    limits = {ax.images[0].get_clim() for ax in panels}
    assert len(panels) == 3 and limits == {(-3.0, 3.0)} == {shared_limits(maps)}
    assert len(fig.axes) == 4  # and one colourbar
    plt.close(fig)
    fig = show_matrices(maps, scale="shared")  # one scale: signed, so symmetric around 0
    assert {ax.images[0].get_clim() for ax in fig.axes[:3]} == {(-3.0, 3.0)}
    assert len(fig.axes) == 4
    plt.close(fig)
    # the default: each panel its own scale and colourbar; a signed one symmetric around 0, a
    # constant one with its value mid-scale (zeros grey, not black)
    fig = show_matrices(maps)
    assert [ax.images[0].get_clim() for ax in fig.axes[:3]] == [(-1.0, 1.0), (-3.0, 3.0),
                                                                (0.0, 2.0)]
    assert len(fig.axes) == 6  # three panels, three colourbars
    plt.close(fig)
    assert shared_limits([torch.zeros(2, 2)]) == (-1.0, 1.0)


# notebooks whose show_matrices figures compare signed maps: each call shares its scale.
# (Notebook 3 draws the 0/1 image beside the signed kernel and map: each on its own scale with
# its own colourbar, so that the image's 0 is black, not the grey of "no change".)
SIGNED_FIGURES = ["04_learning_a_kernel.ipynb", "05_exercises.ipynb",
                  "06_convolution_vs_correlation.ipynb", "08_kernels_on_a_photo.ipynb",
                  "09_learning_with_our_conv2d.ipynb"]


@pytest.mark.parametrize("notebook", SIGNED_FIGURES)
def test_compared_maps_share_a_colour_scale(notebook):
    calls = [source(c) for c in cells(notebook)
             if c["cell_type"] == "code" and "show_matrices(" in source(c)]
    assert calls
    for call in calls:
        assert "shared_scale=True" in call or 'scale="shared"' in call, \
            f"{notebook}: panels on separate scales:\n{call}"


@pytest.mark.parametrize("path", ALL, ids=[p.name[:2] for p in ALL])
def test_solutions_are_hidden_and_answers_not_given(path):
    for cell in cells(path.name):
        text, meta = source(cell), cell.get("metadata", {})
        if is_solution(cell):
            hidden = meta.get("jupyter", {})
            assert hidden.get("source_hidden") and hidden.get("outputs_hidden"), \
                f"{path.name}: a solution shows its source or outputs:\n{text[:200]}"
        for comment in re.findall(r"= None\s*#(.*)", text):
            assert not re.search(r"your answer:.*\w\(", comment), \
                f"{path.name}: the answer cell's comment gives the answer away: {comment}"


def is_solution(cell):
    text = source(cell)
    return cell["cell_type"] == "code" and (text.startswith("# Solution")
                                            or "solution" in cell["metadata"].get("tags", []))


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name[:2])
def test_collapsed_solution_shows_nothing_of_the_answer(path):
    # JupyterLab draws a collapsed cell as its first line: that line must be "# Solution" alone
    for cell in filter(is_solution, cells(path.name)):
        first = source(cell).splitlines()[0]
        assert first.strip() == "# Solution", f"{path.name}: a collapsed solution shows {first}"


def test_first_cell_is_a_plain_import():
    """A learner's first code cell installs the course where it is missing (at most 6 lines;
    tests/test_learner.py checks what it does), the next one is a plain import: no try/except."""
    learner = NOTEBOOKS.parent / "learner" / "01_cross_correlation.ipynb"
    install, imports = [c for c in json.loads(learner.read_text(encoding="utf-8"))["cells"]
                        if c["cell_type"] == "code"][:2]
    assert install["id"] == "install-the-course" and len(source(install).splitlines()) <= 6
    for text in map(source, (install, imports)):
        assert "try:" not in text and "except" not in text, text
    assert len(source(imports).splitlines()) <= 12 and source(imports).startswith(
        "%matplotlib inline\nimport"), source(imports)


@pytest.mark.parametrize("path", ALL, ids=[p.name[:2] for p in ALL])
def test_one_notation(path):
    for cell in cells(path.name):
        text = source(cell)
        if cell["cell_type"] == "markdown":  # (a linear layer's weight matrix may be W)
            assert not re.search(r"\\star\s*\\mathsf\{W\}|kernel \$\\mathsf\{W\}", text), \
                f"{path.name}: the kernel is K, not W:\n{text[:200]}"
        assert not re.search(r"\bo_[hw]\b", text), \
            f"{path.name}: write an output size by its rule (n - k + 1), not o_h:\n{text[:200]}"
        assert not re.search(r"\bv_?1\b.{0,12}\bv_?2\b", text), \
            f"{path.name}: a direction is (d_x, d_y), not (v1, v2):\n{text[:200]}"


# what the exercises of notebook 5 ask for, as the helpers name their solutions
SOLVED_IN_HELPERS = ["directional_edge", "second_derivative", "laplacian", "box_blur",
                     "corr2d_matmul", "window_matrix"]


EXERCISES = next(p for p in ALL if p.name.endswith("_exercises.ipynb"))


@pytest.mark.parametrize("path", [p for p in ALL if p < EXERCISES], ids=lambda p: p.name[:2])
def test_nothing_is_solved_before_it_is_asked(path):
    for cell in cells(path.name):
        if cell["cell_type"] == "code":
            used = [name for name in SOLVED_IN_HELPERS if re.search(rf"\b{name}\b", source(cell))]
            assert not used, f"{path.name} uses {used} before {EXERCISES.name} asks for it"
