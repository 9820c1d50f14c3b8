"""Test inputs shared by the test modules."""

import torch


def random_pair(xshape, kshape, dtype=torch.float64, seed=0):
    """Return an input of shape ``xshape`` and a kernel of shape ``kshape``, standard normal.

    The same ``seed`` gives the same pair on every machine.
    """
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(xshape, generator=g, dtype=dtype),
            torch.randn(kshape, generator=g, dtype=dtype))
