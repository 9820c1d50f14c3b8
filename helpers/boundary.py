"""The public boundary: each function a notebook calls, with its argument check run first.

The code the notebooks show stays pure (no check, no decorator): here each public
function is paired with its check from ``helpers.checks``, once, and ``helpers`` exports
the checked function. Inside the package, functions call each other's pure versions:
nothing checks twice. ``inspect.getsource`` of a checked function shows the pure one
(``functools.wraps`` records it as ``__wrapped__``). A layer's constructor and
``forward`` are checked in place, on the class itself.
"""

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from helpers import bench, checks, sizes
from helpers.figures import plotting
from helpers.taught import nb00_why_convolution as why
from helpers.taught import nb01_cross_correlation as core
from helpers.taught import nb07_receptive_fields as receptive
from helpers.taught import nb08_kernels as kernels
from helpers.taught import nb10_fast as fast
from helpers.taught import nb11_channels as channels
from helpers.taught import nb12_pooling as pooling
from helpers.taught import nb13_cost as cost
from helpers.taught import nb15_evaluation as evaluation
from helpers.taught import nb15_layers as layers
from helpers.taught import nb16_inside as inside
from helpers.taught import nb17_networks as networks
from helpers.taught import nb18_attribution as attribution
from helpers.training import images, kernel

P = ParamSpec("P")
R = TypeVar("R")


def checked(function: Callable[P, R]) -> Callable[[Callable[P, object]], Callable[P, R]]:
    """Return a function that takes a check and returns ``function`` running it first.

    ``checked(corr2d)(require_input)`` is ``corr2d`` with ``require_input`` run on its
    arguments first. The check takes the same arguments and raises ``TypeError`` or
    ``ValueError`` naming a bad one; it converts nothing. (Two calls, so that mypy reads
    the signature from the function and holds the check to it.)
    """
    def with_check(require: Callable[P, object]) -> Callable[P, R]:
        @functools.wraps(function)
        def checked_function(*args: P.args, **kwargs: P.kwargs) -> R:
            require(*args, **kwargs)
            return function(*args, **kwargs)
        return checked_function
    return with_check


# The taught code, in the book's order.
corr2d = checked(core.corr2d)(checks.require_image_and_kernel)
corr2d_batched = checked(core.corr2d_batched)(checks.require_input)
stripes = checked(images.stripes)(checks.require_stripes_args)
learn_kernel = checked(kernel.learn_kernel)(checks.require_learn_kernel_args)
layer_shapes = checked(receptive.layer_shapes)(checks.require_layer_shapes_args)
receptive_field = checked(receptive.receptive_field)(checks.require_receptive_field_args)
receptive_field_sizes = checked(receptive.receptive_field_sizes)(
    checks.require_receptive_field_sizes_args)
show_receptive_field = checked(plotting.show_receptive_field)(
    checks.require_show_receptive_field_args)
corr2d_dilated = checked(receptive.corr2d_dilated)(checks.require_dilated_input)
dilated_kernel = checked(receptive.dilated_kernel)(checks.require_dilated_kernel_args)
directional_edge = checked(kernels.directional_edge)(checks.require_direction)
corr2d_fast = checked(fast.corr2d_fast)(checks.require_input)
corr2d_matmul = checked(fast.corr2d_matmul)(checks.require_input)
corr2d_input_grad = checked(fast.corr2d_input_grad)(checks.require_input_grad_args)
corr2d_kernel_grad = checked(fast.corr2d_kernel_grad)(checks.require_kernel_grad_args)
corr2d_multi_in = checked(channels.corr2d_multi_in)(checks.require_multi_in_args)
corr2d_multi_in_out = checked(channels.corr2d_multi_in_out)(checks.require_multi_in_out_args)
pad2d = checked(channels.pad2d)(checks.require_pad2d_args)
conv2d_image = checked(channels.conv2d_image)(checks.require_conv2d)
pool_output_size = checked(sizes.pool_output_size)(checks.require_output_size_args)
output_size = checked(sizes.output_size)(checks.require_output_size_pair_args)
pool2d = checked(pooling.pool2d)(checks.require_pool_args)
pool2d_fast = checked(pooling.pool2d_fast)(checks.require_pool_args)
max_pool2d_backward = checked(pooling.max_pool2d_backward)(checks.require_pool_backward_args)
conv1x1 = checked(cost.conv1x1)(checks.require_conv1x1_input)
conv_cost = checked(cost.conv_cost)(checks.require_cost_args)
locally_connected_cost = checked(cost.locally_connected_cost)(checks.require_cost_args)
human_bytes = checked(cost.human_bytes)(checks.require_human_bytes_args)
activation_table = checked(cost.activation_table)(checks.require_sequential)
saved_for_backward = checked(cost.saved_for_backward)(checks.require_saved_for_backward_args)
batch_window_matrix = checked(layers.batch_window_matrix)(checks.require_batch_window_matrix_args)
conv2d_batch = checked(layers.conv2d_batch)(checks.require_conv2d_batch)
accuracy = checked(evaluation.accuracy)(checks.require_accuracy_args)
most_similar = checked(inside.most_similar)(checks.require_most_similar_args)
shift_right = checked(inside.shift_right)(checks.require_shift_right_args)
fold = checked(networks.fold)(checks.require_fold_args)
dense_net = checked(networks.dense_net)(checks.require_dense_net_args)
count_parameters = checked(networks.count_parameters)(checks.require_net_only)
lenet5_gap = checked(networks.lenet5_gap)(checks.require_lenet5_gap_args)
multiply_adds = checked(networks.multiply_adds)(checks.require_multiply_adds_args)
class_scores = checked(evaluation.class_scores)(checks.require_class_scores_args)
predict = checked(evaluation.predict)(checks.require_net_images)
shift = checked(inside.shift)(checks.require_shift_args)
random_shift = checked(inside.random_shift)(checks.require_random_shift_args)
shift_accuracy = checked(inside.shift_accuracy)(checks.require_shift_accuracy_args)
saliency = checked(attribution.saliency)(checks.require_saliency_args)
occlusion = checked(attribution.occlusion)(checks.require_occlusion_args)
convolution_matrix = checked(why.convolution_matrix)(checks.require_convolution_matrix_input)
compose_kernels = checked(why.compose_kernels)(checks.require_kernels)
methods = checked(bench.methods)(checks.require_methods_args)
median_ms = checked(bench.median_ms)(checks.require_median_ms_args)

# The layers: each one's constructor and forward pass, checked in place on the class (mypy
# checks each pairing as above; it refuses only the assignment to a method, hence the ignores).
Conv2D, BatchConv2D = core.Conv2D, layers.BatchConv2D
Pool2D, FoldBackwardConv2D = layers.Pool2D, networks.FoldBackwardConv2D
Conv2D.__init__ = checked(Conv2D.__init__)(checks.require_conv2d_layer_args)  # type: ignore[method-assign]
Conv2D.forward = checked(Conv2D.forward)(checks.require_conv2d_layer_input)  # type: ignore[method-assign]
BatchConv2D.__init__ = checked(  # type: ignore[method-assign]
    BatchConv2D.__init__)(checks.require_conv_layer_args)
BatchConv2D.forward = checked(  # type: ignore[method-assign]
    BatchConv2D.forward)(checks.require_conv_layer_input)
Pool2D.__init__ = checked(Pool2D.__init__)(checks.require_pool_layer_args)  # type: ignore[method-assign]
Pool2D.forward = checked(Pool2D.forward)(checks.require_pool_layer_input)  # type: ignore[method-assign]
FoldBackwardConv2D.__init__ = checked(FoldBackwardConv2D.__init__)(checks.require_stride_one)  # type: ignore[method-assign]
FoldBackwardConv2D.forward = checked(FoldBackwardConv2D.forward)(checks.require_conv_layer_input)  # type: ignore[method-assign]
