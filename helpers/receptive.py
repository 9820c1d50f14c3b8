"""Receptive fields: which input elements an output element of stacked layers depends on."""

from helpers.validation import int_pair, whole_number


def layer_shapes(input_shape, kernel_sizes):
    """Return the shapes ``(height, width)`` of the input and of each stacked layer's output.

    Each layer cross-correlates with a kernel of ``kernel_sizes`` (stride 1, no padding),
    so it shrinks the shape by the kernel's size minus one. Raises ``ValueError`` when a
    kernel is larger than the layer's input.
    """
    shapes = [int_pair("input_shape", tuple(input_shape), 1)]
    for k in kernel_sizes:
        (kh, kw), (h, w) = int_pair("kernel size", k, 1), shapes[-1]
        if kh > h or kw > w:
            raise ValueError(f"kernel {(kh, kw)} is larger than its input {(h, w)}")
        shapes.append((h - kh + 1, w - kw + 1))
    return shapes


def check_position(position, shape):
    """Raise ``ValueError`` unless ``position`` ``(i, j)`` lies inside ``shape``; return it."""
    if not isinstance(position, (tuple, list)) or len(position) != 2:
        raise TypeError(f"position must be a pair (row, column), got {position!r}")
    i, j = whole_number("position[0]", position[0], 0), whole_number("position[1]", position[1], 0)
    if i >= shape[0] or j >= shape[1]:
        raise ValueError(f"position {(i, j)} is outside the last output, of shape {tuple(shape)}")
    return i, j


def receptive_field(input_shape, kernel_sizes, position):
    """Return, per tensor from the input up, the (row slice, column slice) an output element sees.

    ``kernel_sizes`` lists each stacked layer's ``(k_h, k_w)`` (stride 1, no padding);
    ``position`` is ``(i, j)`` in the last layer's output, which must lie inside it.
    Element ``(i, j)`` of a layer with kernel ``k`` sees rows ``i:i + k_h`` and columns
    ``j:j + k_w`` of the layer below.
    """
    i, j = check_position(position, layer_shapes(input_shape, kernel_sizes)[-1])
    rows, cols = slice(i, i + 1), slice(j, j + 1)
    fields = [(rows, cols)]
    for kh, kw in reversed([int_pair("kernel size", k, 1) for k in kernel_sizes]):
        rows, cols = slice(rows.start, rows.stop + kh - 1), slice(cols.start, cols.stop + kw - 1)
        fields.append((rows, cols))
    return fields[::-1]
