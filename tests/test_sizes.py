"""helpers.sizes, the ground floor: each rule about sizes right, and written there alone.

The rules are checked against PyTorch's own layers; then the package's source is read
(its AST) for a second copy of the "fits" condition, the dilated span d(k - 1) + 1 or the
output-size rule (n + 2p - k) // s + 1 outside ``helpers/sizes.py``.
"""

import ast
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from helpers.sizes import dilated_span, fits, output_size, pair, pool_output_size

HELPERS = Path(__file__).parent.parent / "helpers"


def test_pair_takes_an_int_or_a_pair():
    assert pair(3) == (3, 3)
    assert pair((2, 5)) == (2, 5)
    assert pair(torch.Size([4, 6])) == (4, 6)


@pytest.mark.parametrize("n,k,padding,stride,dilation", [
    (6, 3, 0, 1, 1), (7, 3, 1, 2, 1), ((5, 9), (2, 4), (0, 1), (1, 3), 1), (9, 3, 0, 1, 2),
    ((10, 8), (3, 2), (1, 0), (2, 1), (3, 2)), (4, 4, 0, 1, 1), (3, 2, 0, 5, 1),
])
def test_output_size_is_what_conv2d_gives(n, k, padding, stride, dilation):
    X = torch.zeros((1, 1, *pair(n)))
    W = torch.zeros((1, 1, *pair(k)))
    Y = F.conv2d(X, W, stride=stride, padding=padding, dilation=dilation)
    assert output_size(n, k, padding, stride, dilation) == tuple(Y.shape[-2:])


@pytest.mark.parametrize("n,k,p,s", [(5, 2, 0, 2), (6, 3, 1, 2), (7, 3, 1, 3), (4, 2, 1, 3)])
@pytest.mark.parametrize("ceil_mode", [False, True])
def test_pool_output_size_is_what_max_pool2d_gives(n, k, p, s, ceil_mode):
    Y = F.max_pool2d(torch.zeros(1, 1, n, n), k, s, p, ceil_mode=ceil_mode)
    assert pool_output_size(n, k, p, s, ceil_mode) == Y.shape[-1]


@pytest.mark.parametrize("k,n,padding,dilation", [(3, 3, 0, 1), (3, 2, 0, 1), (3, 1, 1, 1),
                                                  (3, 5, 0, 2), (3, 4, 0, 2), (1, 1, 0, 7)])
def test_fits_is_at_least_one_window(k, n, padding, dilation):
    assert dilated_span(k, dilation) == dilation * (k - 1) + 1  # the one other copy: a test's
    try:
        F.conv2d(torch.zeros(1, 1, n, n), torch.zeros(1, 1, k, k), padding=padding,
                 dilation=dilation)
        conv_fits = True
    except RuntimeError:
        conv_fits = False
    assert fits(k, n, padding, dilation) == conv_fits


# --- one home for each rule -------------------------------------------------------------------

def _is_one(node):
    return isinstance(node, ast.Constant) and node.value == 1


def _is_two(node):
    return isinstance(node, ast.Constant) and node.value == 2


def _minus_one(node):
    return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub) and _is_one(node.right)


def _is_span(node):
    """d * (k - 1) + 1, in either order of the product and of the sum."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)):
        return False
    for product, one in ((node.left, node.right), (node.right, node.left)):
        if _is_one(one) and isinstance(product, ast.BinOp) and isinstance(product.op, ast.Mult) \
                and (_minus_one(product.left) or _minus_one(product.right)):
            return True
    return False


def _is_output_size(node):
    """(...) // s + 1, or the ceiling -(-(...) // s) + 1."""
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and _is_one(node.right)):
        return False
    left = node.left.operand if isinstance(node.left, ast.UnaryOp) else node.left
    return isinstance(left, ast.BinOp) and isinstance(left.op, ast.FloorDiv)


def _is_padded(node):
    """n + 2 * p (or n + p * 2)."""
    return (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add)
            and isinstance(node.right, ast.BinOp) and isinstance(node.right.op, ast.Mult)
            and (_is_two(node.right.left) or _is_two(node.right.right)))


def _is_shape(node):
    """X.shape[i]: a size read off a tensor."""
    return (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
            and node.value.attr == "shape")


def _is_fits(node):
    """A window compared with an input: k > n + 2 * p, or K.shape[0] > X.shape[-2]."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1
            and isinstance(node.ops[0], (ast.Gt, ast.Lt, ast.GtE, ast.LtE))):
        return False
    sides = (node.left, node.comparators[0])
    return any(_is_padded(side) for side in sides) or all(_is_shape(side) for side in sides)


RULES = {"the dilated span d(k - 1) + 1": _is_span,
         "the output-size rule (n + 2p - k) // s + 1": _is_output_size,
         "the fits condition (k <= n + 2p)": _is_fits}


def copies_of_the_size_rules(source):
    """Return ``(line, rule)`` for every size rule written in ``source``."""
    return [(node.lineno, rule) for node in ast.walk(ast.parse(source))
            for rule, matches in RULES.items() if matches(node)]


def package_files():
    """Every module of helpers but sizes.py and the exercise checks (which write the rules'
    characteristic mistakes on purpose, e.g. a rounding up, to recognise them)."""
    return sorted(p for p in HELPERS.rglob("*.py") if p.name != "sizes.py"
                  and not p.name.startswith("exercises") and "exercises" not in p.parts)


@pytest.mark.parametrize("path", package_files(), ids=lambda p: str(p.relative_to(HELPERS)))
def test_each_size_rule_is_written_in_sizes_alone(path):
    copies = copies_of_the_size_rules(path.read_text())
    assert not copies, (f"helpers/{path.relative_to(HELPERS)} writes {copies}: "
                        "call helpers.sizes (dilated_span, fits, output_size) instead")


@pytest.mark.parametrize("planted", [
    "span = d_h * (k_h - 1) + 1",
    "span = (k - 1) * dilation + 1",
    "out = (n + 2 * p - k) // s + 1",
    "out = -(-(n + 2 * p - k) // s) + 1",
    "ok = k > n + 2 * p",
    "ok = W.shape[2] <= X.shape[2] + 2 * p_h",
    "ok = K.shape[0] > X.shape[-2]",
])
def test_a_planted_copy_is_found(planted):
    assert copies_of_the_size_rules(planted)
    assert copies_of_the_size_rules((HELPERS / "sizes.py").read_text())  # the one home


def test_sizes_imports_nothing_of_helpers():
    imports = [node for node in ast.walk(ast.parse((HELPERS / "sizes.py").read_text()))
               if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers")]
    assert not imports, "helpers.sizes is the ground floor: it imports nothing of helpers"
