"""helpers' public names: every one a notebook may import is annotated, for mypy (make lint)."""

import inspect

import pytest

import helpers


def functions(name):
    """Return ``(label, function)`` for a public name: the function, or a class's own methods."""
    obj = getattr(helpers, name)
    if not callable(obj):
        return []  # a constant, such as the colour maps of helpers.figures.colours
    if not inspect.isclass(obj):
        return [(name, inspect.unwrap(obj))]
    methods = [(f"{name}.{m}", inspect.unwrap(getattr(f, "__func__", f)))
               for m, f in vars(obj).items()
               if m in ("__init__", "forward", "backward") and callable(getattr(f, "__func__", f))]
    assert methods, f"{name} is a class without __init__, forward or backward of its own"
    return methods


@pytest.mark.parametrize("name", helpers.__all__)
def test_every_public_function_is_annotated(name):
    for label, function in functions(name):
        signature = inspect.signature(function)
        bare = [p for p in signature.parameters.values()
                if p.annotation is inspect.Parameter.empty and p.name not in ("self",)]
        assert not bare, f"{label}: no annotation for {[p.name for p in bare]}"
        returns = signature.return_annotation
        assert returns is not inspect.Signature.empty, f"{label}: no return type"


def test_the_public_names_are_the_packages_and_exist():
    assert len(helpers.__all__) == len(set(helpers.__all__))
    missing = [n for n in helpers.__all__ if not hasattr(helpers, n)]
    assert not missing
