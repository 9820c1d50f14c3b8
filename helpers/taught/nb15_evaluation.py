"""Notebook 15: what a trained network predicts, and how often it is right.

``class_scores`` runs a network over images a batch at a time, without gradients, on one
thread (``one_thread``); ``predict`` takes the class of the highest score; ``accuracy`` the
share of images whose prediction is their label. Notebooks 15 to 18 evaluate every network with
them, and ``helpers.training`` watches its validation set with them.
"""

import contextlib

import torch
from torch import Tensor, nn


def accuracy(net: nn.Module, X: Tensor, y: Tensor) -> float:
    """Return the share of images ``X`` whose highest score in ``net(X)`` is their label ``y``."""
    return (predict(net, X) == y).double().mean().item()


@contextlib.contextmanager
def one_thread():
    """Run the block on one torch thread, then restore the thread count.

    On a shared machine a parallel region waits whenever another process holds one of its
    cores; at these sizes one thread is also about as fast.
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def class_scores(net: nn.Module, X: Tensor, batch_size: int = 100) -> Tensor:
    """Return ``net(X)`` computed ``batch_size`` images at a time, without gradients, on one
    thread."""
    with torch.no_grad(), one_thread():
        return torch.cat([net(X[i:i + batch_size]) for i in range(0, len(X), batch_size)])


def predict(net: nn.Module, X: Tensor) -> Tensor:
    """Return the class of the highest score in ``net(X)`` for every image of ``X``."""
    return class_scores(net, X).argmax(dim=1)
