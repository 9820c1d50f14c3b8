"""Learning a kernel from input/output pairs by gradient descent."""

from collections.abc import Callable

import torch
from torch import Tensor, nn


def learn_kernel(
    model: nn.Module,
    X: Tensor,
    Y: Tensor,
    steps: int = 10,
    lr: float = 3e-2,
    report_every: int = 2,
    on_step: Callable[[int, float], object] | None = None,
    unit: str = "step",
) -> list[float]:
    """Fit ``model`` so that ``model(X)`` approaches ``Y``; return the loss of every step.

    Each step computes the squared error summed over all elements, back-propagates
    it and moves every parameter by ``-lr * grad`` (plain gradient descent on the
    full batch). Every ``report_every`` steps it prints ``step <n>, loss <loss>``
    (``unit="batch"`` prints the seed's ``batch <n>, ...``); pass 0 to stay quiet.
    ``on_step(step, loss)``, if given, is called after each update (to record the
    weights, say). The returned list holds ``steps`` floats, the loss before each update.
    """
    params = [p for p in model.parameters() if p.requires_grad]
    losses = []
    for step in range(1, steps + 1):
        loss = ((model(X) - Y) ** 2).sum()
        model.zero_grad()
        loss.backward()
        with torch.no_grad():  # the update itself is not part of the model: no graph
            for p in params:
                p -= lr * p.grad
        losses.append(loss.item())
        if report_every and step % report_every == 0:
            print(f"{unit} {step}, loss {losses[-1]:.3f}")
        if on_step is not None:
            on_step(step, losses[-1])
    return losses
