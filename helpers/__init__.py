"""helpers: every implementation the course's notebooks share, and the one place they import from.

A notebook writes ``from helpers import corr2d, pool2d, ...``: every name below is public,
whatever module of the package holds it. Read the modules in the course's order: ``core``
(cross-correlation and the ``Conv2D`` layer), ``plotting``, ``receptive`` (what an output element
sees through stacked layers), ``fast`` (the same cross-correlation, vectorized, and its backward
pass), ``kernels`` (hand-designed kernels), ``channels`` (channels, padding and stride, as in
``torch.nn.Conv2d``), ``pooling`` (max and average pooling, and the output-size rule), ``cost``
(what a layer costs), ``layers`` (our layers for a batch), ``why`` (notebook 0: the convolution
as a sparse matrix); ``taught/`` (the networks of notebooks 15-18, what buys shift invariance,
saliency and occlusion); ``training/`` (test images, the digits and their test and validation
splits, one training loop, and the sweep over seeds behind notebooks 15-18's conclusions);
``figures/`` (every figure's description, and the figures of networks).
Behind them: ``validation`` (the argument checks, applied by a decorator so that the code
the notebooks show is the idea alone), ``bench`` (timing, for notebook 10 and
``benchmarks/``; it imports ``torch.utils.benchmark`` only when it times) and the
``exercises*`` modules (the exercises' checks).
"""


from helpers.animation import sliding_window_animation
from helpers.bench import median_ms, methods
from helpers.channels import conv2d, corr2d_multi_in, corr2d_multi_in_out, pad2d
from helpers.core import Conv2D, corr2d
from helpers.cost import (
    activation_table,
    conv1x1,
    conv_cost,
    cost_table,
    dense_cost,
    format_activation_table,
    format_cost_table,
    human_bytes,
    locally_connected_cost,
    saved_for_backward,
    show_costs,
)
from helpers.exercises import (
    check_bias_gradient_sign,
    check_blur,
    check_conv2d_gradients,
    check_corr2d_as_matmul,
    check_diagonal_edges,
    check_diagonal_prediction,
    check_edge_detector,
    check_laplacian,
    check_min_derivative_size,
    check_output_shape,
    check_second_derivative,
    check_window_matrix_shape,
    conv2d_gradient_problem,
    thin_line,
)
from helpers.exercises_layers import (
    check_backward,
    check_cost_ratio,
    check_parameter_count,
    check_pooling_prediction,
    pooling_problem,
)
from helpers.exercises_lenet import check_lenet_flat_size, check_shift_period
from helpers.exercises_network import check_flat_size, check_receptive_field
from helpers.fast import (
    Corr2dFunction,
    corr2d_fast,
    corr2d_input_grad,
    corr2d_kernel_grad,
    corr2d_matmul,
    matmul_or_shift_and_add,
    shift_and_add,
    shifted_view_grid,
    shifted_views,
    window_matmul,
    window_matrix,
)
from helpers.figures import animation_html, describe, show_figure
from helpers.figures.networks import (
    accuracy_ends_words,
    live_progress,
    show_accuracy_curves,
    show_attributions,
    show_feature_maps,
    show_kernels,
    show_map_grid,
    show_support,
)
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
from helpers.layers import MultiChannelConv2D, Pool2D, batch_window_matrix, conv2d_batch
from helpers.plotting import (
    draw_matrix,
    plot_losses,
    show_images,
    show_loss_landscape,
    show_matrices,
    show_receptive_field,
    show_sliding_window,
)
from helpers.pooling import max_pool2d_backward, output_size, pool2d, pool2d_fast, pool_output_size
from helpers.receptive import (
    corr2d_dilated,
    dilated_kernel,
    layer_shapes,
    receptive_field,
    receptive_field_sizes,
)
from helpers.setup_check import require_d2l
from helpers.taught.attribution import occlusion, saliency
from helpers.taught.inside import (
    gradient_support,
    most_similar,
    random_shift,
    shift,
    shift_accuracy,
    shift_right,
)
from helpers.taught.networks import (
    Conv2dFunction,
    FastConv2D,
    count_parameters,
    dense_net,
    digit_net,
    draw_parameters,
    fold,
    lenet5,
    lenet5_gap,
    multiply_adds,
)
from helpers.training.data import digit_split, mnist_split, validation_split
from helpers.training.images import diagonal_image, photo, stripes
from helpers.training.kernel import learn_kernel
from helpers.training.loop import (
    accuracy,
    class_scores,
    predict,
    train,
    train_digits,
    train_lenet,
    trained_digit_net,
)
from helpers.training.sweeps import load_results as experiment_results
from helpers.training.sweeps import sweep_table
from helpers.validation import check_input
from helpers.why import check_stacked_kernel, compose_kernels, convolution_matrix, show_on_one_scale

__all__ = [
    "accuracy",
    "accuracy_ends_words",
    "activation_table",
    "animation_html",
    "batch_window_matrix",
    "box_blur",
    "check_backward",
    "check_bias_gradient_sign",
    "check_blur",
    "check_conv2d_gradients",
    "check_corr2d_as_matmul",
    "check_cost_ratio",
    "check_diagonal_edges",
    "check_diagonal_prediction",
    "check_edge_detector",
    "check_flat_size",
    "check_input",
    "check_laplacian",
    "check_lenet_flat_size",
    "check_min_derivative_size",
    "check_output_shape",
    "check_parameter_count",
    "check_pooling_prediction",
    "check_receptive_field",
    "check_second_derivative",
    "check_shift_period",
    "check_stacked_kernel",
    "check_window_matrix_shape",
    "class_scores",
    "compose_kernels",
    "conv1x1",
    "conv2d",
    "Conv2D",
    "conv2d_batch",
    "conv2d_gradient_problem",
    "Conv2dFunction",
    "conv_cost",
    "convolution_matrix",
    "corr2d",
    "corr2d_dilated",
    "corr2d_fast",
    "corr2d_input_grad",
    "corr2d_kernel_grad",
    "corr2d_matmul",
    "corr2d_multi_in",
    "corr2d_multi_in_out",
    "Corr2dFunction",
    "cost_table",
    "count_parameters",
    "dense_cost",
    "dense_net",
    "describe",
    "diagonal_edge",
    "diagonal_image",
    "digit_net",
    "digit_split",
    "dilated_kernel",
    "directional_edge",
    "draw_matrix",
    "draw_parameters",
    "edge_kernel",
    "experiment_results",
    "FastConv2D",
    "fold",
    "format_activation_table",
    "format_cost_table",
    "gradient_support",
    "horizontal_edge",
    "human_bytes",
    "laplacian",
    "layer_shapes",
    "learn_kernel",
    "lenet5",
    "lenet5_gap",
    "live_progress",
    "locally_connected_cost",
    "matmul_or_shift_and_add",
    "max_pool2d_backward",
    "median_ms",
    "methods",
    "mnist_split",
    "most_similar",
    "MultiChannelConv2D",
    "multiply_adds",
    "occlusion",
    "output_size",
    "pad2d",
    "photo",
    "plot_losses",
    "Pool2D",
    "pool2d",
    "pool2d_fast",
    "pool_output_size",
    "pooling_problem",
    "predict",
    "random_shift",
    "receptive_field",
    "receptive_field_sizes",
    "require_d2l",
    "saliency",
    "saved_for_backward",
    "second_derivative",
    "shift",
    "shift_accuracy",
    "shift_and_add",
    "shift_right",
    "shifted_view_grid",
    "shifted_views",
    "show_accuracy_curves",
    "show_attributions",
    "show_costs",
    "show_feature_maps",
    "show_figure",
    "show_images",
    "show_kernels",
    "show_loss_landscape",
    "show_map_grid",
    "show_matrices",
    "show_on_one_scale",
    "show_receptive_field",
    "show_sliding_window",
    "show_support",
    "sliding_window_animation",
    "sobel_magnitude",
    "sobel_x",
    "sobel_y",
    "stripes",
    "sweep_table",
    "thin_line",
    "train",
    "train_digits",
    "train_lenet",
    "trained_digit_net",
    "validation_split",
    "window_matmul",
    "window_matrix",
]
