"""Small test images: the seed's stripes, a diagonal edge, and a real photograph."""

from typing import BinaryIO, cast

import torch
from torch import Tensor

from helpers.checks import whole_number


def stripes(height: int = 6, width: int = 8, dark: tuple[int, int] = (2, 6)) -> Tensor:
    """Return a ``height x width`` float32 image of ones with columns ``dark[0]:dark[1]`` set to 0.

    With the defaults it is the 6x8 picture of the seed: white (1) left and right,
    a black (0) band in the middle, so it has two vertical edges.
    """
    X = torch.ones((height, width))
    X[:, dark[0]:dark[1]] = 0
    return X


def diagonal_image(size: int = 8) -> Tensor:
    """Return a ``size x size`` float32 image: 1 on and below the main diagonal, 0 above it.

    Its only edge runs diagonally, from the top-left corner to the bottom-right.
    """
    size = whole_number("size", size, 2)
    return torch.tril(torch.ones((size, size)))


def photo(size: int = 128) -> Tensor:
    """Return matplotlib's sample photograph of Grace Hopper as a ``size x size`` grayscale tensor.

    Values are float32 in [0, 1] (0 black, 1 white). The picture ships with matplotlib,
    so nothing is downloaded. It is cropped to a square and shrunk by area averaging.
    """
    size = whole_number("size", size, 8)
    if size > 512:
        raise ValueError(f"size must be from 8 to 512, got {size!r}")
    import matplotlib.cbook
    import matplotlib.image
    import torch.nn.functional as F

    sample = cast(BinaryIO, matplotlib.cbook.get_sample_data("grace_hopper.jpg"))  # open file
    with sample as f:
        rgb = matplotlib.image.imread(f, format="jpg")  # (600, 512, 3) uint8
    gray = torch.from_numpy(rgb[..., :3].astype("float32") @ [0.299, 0.587, 0.114]) / 255
    side = min(gray.shape)
    top = (gray.shape[0] - side) // 2
    square = gray[top:top + side, :side]
    small = F.interpolate(square[None, None], size=(size, size), mode="area")[0, 0]
    return small.to(torch.float32).clamp(0, 1)
