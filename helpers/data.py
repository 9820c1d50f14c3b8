"""Small test images and the kernels the course applies to them."""

import torch


def stripes(height=6, width=8, dark=(2, 6)):
    """Return a ``height x width`` float32 image of ones with columns ``dark[0]:dark[1]`` set to 0.

    With the defaults it is the 6x8 picture of the seed: white (1) left and right,
    a black (0) band in the middle, so it has two vertical edges.
    """
    X = torch.ones((height, width))
    X[:, dark[0]:dark[1]] = 0
    return X


def edge_kernel():
    """Return the 1x2 kernel ``[[1., -1.]]`` that responds to vertical edges.

    On a white-to-black step it gives 1, on black-to-white -1, on flat regions 0.
    """
    return torch.tensor([[1.0, -1.0]])
