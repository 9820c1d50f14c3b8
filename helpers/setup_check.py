"""The course's first cell: import d2l, or say how to install it."""

from types import ModuleType

D2L_MISSING = (
    "This course needs the d2l package (version 1.0.3). On Python 3.11 run "
    "`pip install -r requirements.txt` at the repository's root. On Python 3.12+ "
    "or Colab, where d2l's own pins cannot install, run `pip install --no-deps d2l==1.0.3` "
    "(README.md, 'Other Pythons and Colab'), then restart the kernel."
)


def require_d2l() -> ModuleType:
    """Return d2l's PyTorch module, as ``from d2l import torch as d2l`` would.

    When d2l cannot be imported, raises ``ImportError`` saying how to install it.
    """
    try:
        from d2l import torch as d2l
    except ImportError as err:
        raise ImportError(D2L_MISSING) from err
    return d2l
