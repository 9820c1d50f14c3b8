"""helpers: every implementation the course's notebooks share.

Read it in this order: ``core`` (cross-correlation and the ``Conv2D`` layer),
``data`` (test images), ``train`` (learning a kernel), ``plotting``,
``receptive`` (what an output element sees through stacked layers),
``fast`` (the same cross-correlation, vectorized), ``kernels`` (hand-designed kernels),
``channels`` (channels, padding and stride, as in ``torch.nn.Conv2d``),
``pooling`` (max and average pooling), ``why`` (notebook 0: the convolution as a sparse
matrix, and two cross-correlations in a row as one), ``lenet`` (notebooks 17 and 18: LeNet-5
on 28x28 digits, our convolution with a backward pass of its own, shifts, saliency and
occlusion), ``figures`` (every figure's description: what it shows, what to notice).
Behind them: ``validation`` (the argument checks, kept out of the code the notebooks
show) and ``bench`` (timing the cross-correlations, for notebook 10 and ``benchmarks/``).
"""

from helpers.animation import sliding_window_animation
from helpers.bench import median_ms
from helpers.channels import conv2d, corr2d_multi_in, corr2d_multi_in_out, pad2d
from helpers.core import Conv2D, check_input, corr2d
from helpers.data import diagonal_image, photo, stripes
from helpers.fast import corr2d_fast, corr2d_input_grad, corr2d_kernel_grad, corr2d_matmul
from helpers.figures import animation_html, describe, show_figure
from helpers.kernels import (
    box_blur,
    diagonal_edge,
    directional_edge,
    edge_kernel,
    horizontal_edge,
    laplacian,
    second_derivative,
    sobel_magnitude,
    sobel_x,
    sobel_y,
)
from helpers.lenet import (
    FastConv2D,
    dense_net,
    lenet5,
    lenet5_gap,
    mnist_split,
    occlusion,
    random_shift,
    saliency,
    train_lenet,
)
from helpers.plotting import (
    draw_matrix,
    plot_losses,
    show_images,
    show_loss_landscape,
    show_matrices,
    show_receptive_field,
    show_sliding_window,
)
from helpers.pooling import max_pool2d_backward, pool2d, pool2d_fast, pool_output_size
from helpers.receptive import corr2d_dilated, dilated_kernel, layer_shapes, receptive_field
from helpers.setup_check import require_d2l
from helpers.train import learn_kernel
from helpers.why import compose_kernels, convolution_matrix, show_on_one_scale

__all__ = [
    "box_blur",
    "check_input",
    "compose_kernels",
    "animation_html",
    "Conv2D",
    "conv2d",
    "convolution_matrix",
    "corr2d",
    "corr2d_dilated",
    "corr2d_fast",
    "corr2d_input_grad",
    "corr2d_kernel_grad",
    "corr2d_matmul",
    "corr2d_multi_in",
    "corr2d_multi_in_out",
    "dense_net",
    "describe",
    "diagonal_edge",
    "diagonal_image",
    "dilated_kernel",
    "directional_edge",
    "draw_matrix",
    "edge_kernel",
    "FastConv2D",
    "horizontal_edge",
    "laplacian",
    "layer_shapes",
    "learn_kernel",
    "lenet5",
    "lenet5_gap",
    "max_pool2d_backward",
    "median_ms",
    "mnist_split",
    "occlusion",
    "pad2d",
    "photo",
    "plot_losses",
    "pool2d",
    "pool2d_fast",
    "pool_output_size",
    "random_shift",
    "receptive_field",
    "require_d2l",
    "saliency",
    "second_derivative",
    "show_figure",
    "show_images",
    "show_loss_landscape",
    "show_matrices",
    "show_on_one_scale",
    "show_receptive_field",
    "show_sliding_window",
    "sliding_window_animation",
    "sobel_magnitude",
    "sobel_x",
    "sobel_y",
    "stripes",
    "train_lenet",
]
