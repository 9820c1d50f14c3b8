"""Argument checks shared by every helper, kept apart from the code the notebooks show.

Each check returns the value it accepted (converted to a plain Python number where it
checks a number) or raises ``TypeError`` (wrong kind of thing) or ``ValueError`` (right
kind, value out of range), with a message that names the argument and what it got.
"""

import math
import numbers

import torch


def require_tensor(name, t):
    """Raise ``TypeError`` naming ``name`` unless ``t`` is a ``torch.Tensor``; return nothing."""
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")


def _shown(value):
    """Return ``value`` as an error message shows it: a NumPy scalar as its Python number
    (NumPy 2 would write ``np.float64(3.0)``, NumPy 1 ``3.0``: one message on both)."""
    if isinstance(value, numbers.Number) and type(value).__module__ == "numpy":
        value = value.item()
    return repr(value)


def _bound(smallest):
    """Return the words for "at least ``smallest``", as the error messages say it."""
    return "positive" if smallest == 1 else f"at least {smallest}"


def whole_number(name, value, smallest):
    """Return ``value`` as a Python ``int`` if it is an integer at least ``smallest``.

    Integers are Python ints and NumPy or PyTorch integer scalars (``numbers.Integral``);
    ``bool`` and floats (even ``3.0``) raise ``TypeError``, values below ``smallest``
    raise ``ValueError``.
    """
    if isinstance(value, torch.Tensor) and value.dim() == 0 and not value.dtype.is_floating_point \
            and not value.dtype.is_complex and value.dtype != torch.bool:
        value = value.item()  # a 0-d integer tensor is an integer scalar too
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {_shown(value)}")
    if value < smallest:
        raise ValueError(f"{name} must be {_bound(smallest)}, got {_shown(value)}")
    return int(value)


def real_number(name, value):
    """Return ``value`` as a Python ``float`` if it is a finite real number (not ``bool``).

    Anything else raises ``TypeError``; infinity and NaN raise ``ValueError``.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__} {_shown(value)}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {_shown(value)}")
    return float(value)


def int_pair(name, value, smallest):
    """Return ``value``, an integer or a pair of integers each at least ``smallest``, as a pair.

    Each integer follows the rule of ``whole_number``. Anything else raises ``TypeError``,
    a number below ``smallest`` ``ValueError``; both messages name ``name`` and the value.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    try:
        if len(pair) != 2:
            raise TypeError
        return whole_number(name, pair[0], smallest), whole_number(name, pair[1], smallest)
    except TypeError:
        raise TypeError(f"{name} must be an int or a pair of ints (height, width), "
                        f"got {value!r}") from None
    except ValueError:
        shown = ", ".join(map(_shown, pair))
        raise ValueError(f"{name} must be {_bound(smallest)}, got ({shown})") from None


# The element types all three cross-correlations accept: those of PyTorch's CPU matrix
# multiplication and in-place addition. The others (bool,
# uint16, uint32, uint64) are refused by one message, so corr2d, corr2d_fast and
# corr2d_matmul agree on what they take.
SUPPORTED_DTYPES = (
    torch.float16, torch.bfloat16, torch.float32, torch.float64,
    torch.complex64, torch.complex128,
    torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
)


def check_input(X, K):
    """Check that ``X`` (..., H, W) and kernel ``K`` (h, w) can be cross-correlated.

    Returns nothing; raises ``TypeError`` (not a tensor, or an element type outside
    ``SUPPORTED_DTYPES``) or ``ValueError`` with a message naming the shapes it got.
    """
    require_tensor("X", X)
    require_tensor("K", K)
    for name, t in (("X", X), ("K", K)):
        if t.dtype not in SUPPORTED_DTYPES:
            raise TypeError(
                f"{name} has dtype {t.dtype}, which the course's cross-correlations do not "
                f"support; use a float, complex or signed integer dtype (or uint8), "
                f"e.g. {name}.float()"
            )
    if K.dim() != 2:
        raise ValueError(f"K must be 2-D (height, width), got shape {tuple(K.shape)}")
    if X.dim() < 2:
        raise ValueError(
            f"X must have at least 2 dimensions (..., height, width), got shape {tuple(X.shape)}"
        )
    if X.numel() == 0 or K.numel() == 0:
        raise ValueError(
            f"X and K must not be empty, got X of shape {tuple(X.shape)} "
            f"and K of shape {tuple(K.shape)}"
        )
    if K.shape[0] > X.shape[-2] or K.shape[1] > X.shape[-1]:
        raise ValueError(
            f"kernel of shape {tuple(K.shape)} is larger than the input's "
            f"height x width {tuple(X.shape[-2:])} (X has shape {tuple(X.shape)})"
        )
    if X.device != K.device:
        raise ValueError(f"X is on {X.device} but K is on {K.device}; move both to one device")


def check_output_size_args(n, k, p, s):
    """Check the arguments of the output-size rule (side ``n``, window ``k``, padding ``p``,
    stride ``s``); return nothing.

    Raises ``TypeError`` for a value that is not an integer (a float side such as 4.0
    included) and ``ValueError`` for a side or window below 1, a negative padding, a stride
    below 1 (stride 0 would divide by zero), or a window larger than the padded side (no
    window fits: the rule would give 0 or less).
    """
    n = whole_number("n", n, 1)
    k = whole_number("k", k, 1)
    p = whole_number("p", p, 0)
    whole_number("s", s, 1)
    if k > n + 2 * p:
        raise ValueError(f"the window k = {k} is larger than the padded side n + 2p = "
                         f"{n + 2 * p}: no window fits")
