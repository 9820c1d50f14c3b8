"""What a trained network looks at: saliency (the input gradient) and occlusion (hiding a
patch), notebook 18.
"""

import torch
from torch import Tensor, nn

from helpers.taught.nb15_evaluation import class_scores, one_thread


def saliency(net: nn.Module, X: Tensor, labels: Tensor) -> Tensor:
    """Return the gradient of each image's score for its class ``labels`` with respect to
    the image: a map (batch, H, W) for ``X`` (batch, 1, H, W).

    Positive where a little more ink would raise that score, negative where it would
    lower it; large where the score is most sensitive.
    """
    X = X.detach().clone().requires_grad_()
    with one_thread():
        net(X).gather(1, labels[:, None]).sum().backward()  # each score depends on its image only
    return X.grad[:, 0]


def occlusion(net: nn.Module, x: Tensor, label: int, patch: int = 5, fill: float = 0.0) -> Tensor:
    """Return how much the score of class ``label`` falls when a ``patch x patch`` square of
    ``fill`` (paper) hides the image ``x`` (1, H, W) around each pixel: a map (H, W).

    Entry (i, j) is the score of ``x`` minus the score with the square centred on
    (i, j) hidden (cut off at the image's edges). Positive where hiding the square lowers
    the score (the network used what was there), negative where it raises it.
    """
    H, W = x.shape[-2:]
    r = patch // 2
    near_rows = (torch.arange(H)[:, None] - torch.arange(H)).abs() <= r  # [i, u]: |u - i| <= r
    near_cols = (torch.arange(W)[:, None] - torch.arange(W)).abs() <= r
    hidden = near_rows[:, None, :, None] & near_cols[None, :, None, :]  # [i, j, u, v]
    occluded = torch.where(hidden.reshape(H * W, 1, H, W), fill, x)  # H*W images
    score = class_scores(net, x[None])[0, label]
    return (score - class_scores(net, occluded)[:, label]).reshape(H, W)

