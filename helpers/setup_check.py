"""The course's import of d2l: d2l's PyTorch module, or an error naming what is missing."""

from types import ModuleType

D2L = "d2l==1.0.3"  # requirements.txt's pin (tests/test_setup_check.py checks they agree)
# The package pip installs for a module whose name is not the package's own.
PACKAGES = {"PIL": "Pillow", "matplotlib_inline": "matplotlib-inline", "sklearn": "scikit-learn"}


def d2l_message(err: ImportError) -> str:
    """Return what failed in ``from d2l import torch`` and the one command that fixes it."""
    missing = (err.name or "").partition(".")[0]
    if missing == "d2l":
        return (f"This course needs the d2l package ({D2L}), which is not installed: run "
                f"`%pip install --no-deps {D2L}` in a cell (without its own pins, which need "
                "Python 3.11), then restart the kernel.")
    if isinstance(err, ModuleNotFoundError) and missing:
        package = PACKAGES.get(missing, missing.replace("_", "-"))
        return (f"d2l is installed but cannot be imported: it imports {missing}, which is not "
                f"installed. Run `%pip install {package}` in a cell, then restart the kernel.")
    return (f"d2l is installed but cannot be imported: {err}. Run "
            f"`%pip install --force-reinstall --no-deps {D2L}` in a cell, then restart the "
            "kernel; if it fails again, the package named above needs reinstalling.")


def require_d2l() -> ModuleType:
    """Return d2l's PyTorch module, as ``from d2l import torch as d2l`` would.

    When it cannot be imported, raises ``ImportError`` saying which import failed (d2l itself,
    or a package d2l imports, such as requests) and the command that installs it.
    """
    try:
        from d2l import torch as d2l
    except ImportError as err:
        raise ImportError(d2l_message(err)) from err
    return d2l
