"""require_d2l(): d2l's PyTorch module, or an ImportError naming what failed and its fix."""

import re
import sys
from pathlib import Path

import pytest

from helpers import require_d2l
from helpers.setup_check import D2L

ROOT = Path(__file__).parent.parent


def test_returns_d2l_torch():
    from d2l import torch as d2l

    assert require_d2l() is d2l


def test_the_pin_is_requirements_txt_one():
    assert re.search(rf"^{re.escape(D2L)}\s", (ROOT / "requirements.txt").read_text(), re.M)


def reimport_without(monkeypatch, module):
    """Make the next `from d2l import torch` run again, with `module` not importable."""
    import d2l

    monkeypatch.delitem(sys.modules, "d2l.torch", raising=False)
    monkeypatch.delattr(d2l, "torch", raising=False)  # else `from d2l import torch` finds it
    monkeypatch.setitem(sys.modules, module, None)  # import raises ModuleNotFoundError


def test_names_d2l_when_d2l_is_missing(monkeypatch):
    reimport_without(monkeypatch, "d2l")
    with pytest.raises(ImportError) as caught:
        require_d2l()
    message = str(caught.value)
    assert "d2l package (d2l==1.0.3), which is not installed" in message
    assert "`%pip install --no-deps d2l==1.0.3`" in message and "README" not in message


@pytest.mark.parametrize("module, package", [("requests", "requests"), ("pandas", "pandas"),
                                             ("matplotlib_inline", "matplotlib-inline")])
def test_names_the_package_d2l_imports_that_is_missing(monkeypatch, module, package):
    reimport_without(monkeypatch, module)
    with pytest.raises(ImportError) as caught:
        require_d2l()
    message = str(caught.value)
    assert f"it imports {module}, which is not installed" in message, message
    assert f"Run `%pip install {package}` in a cell" in message and "d2l package" not in message
    assert "README" not in message
