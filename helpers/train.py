"""Learning a kernel from input/output pairs by gradient descent."""

import torch

from helpers.validation import real_number, require_tensor, whole_number


def _check_training_args(model, X, Y, steps, lr, report_every, on_step):
    """Raise ``TypeError`` or ``ValueError`` naming a bad argument of ``learn_kernel``.

    Returns the model's trainable parameters, a non-empty list.
    """
    if not isinstance(model, torch.nn.Module):
        raise TypeError(f"model must be a torch.nn.Module, got {type(model).__name__}")
    require_tensor("X", X)
    require_tensor("Y", Y)
    whole_number("steps", steps, 1)
    whole_number("report_every", report_every, 0)
    if real_number("lr", lr) <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    if on_step is not None and not callable(on_step):
        raise TypeError(f"on_step must be a function or None, got {type(on_step).__name__}")
    params = [p for p in model.parameters() if p.requires_grad]
    if not params:
        raise ValueError("model has no trainable parameters")
    with torch.no_grad():
        shape = model(X).shape
    if shape != Y.shape:
        raise ValueError(f"model(X) has shape {tuple(shape)} but Y has shape {tuple(Y.shape)}")
    return params


def learn_kernel(model, X, Y, steps=10, lr=3e-2, report_every=2, on_step=None, unit="step"):
    """Fit ``model`` so that ``model(X)`` approaches ``Y``; return the loss of every step.

    Each step computes the squared error summed over all elements, back-propagates
    it and moves every parameter by ``-lr * grad`` (plain gradient descent on the
    full batch). Every ``report_every`` steps it prints ``step <n>, loss <loss>``
    (``unit="batch"`` prints the seed's ``batch <n>, ...``); pass 0 to stay quiet.
    ``on_step(step, loss)``, if given, is called after each update (to record the
    weights, say). The returned list holds ``steps`` floats, the loss before each update.
    """
    params = _check_training_args(model, X, Y, steps, lr, report_every, on_step)
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
