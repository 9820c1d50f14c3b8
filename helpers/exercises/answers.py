"""The answer engine: the one place that reads a learner's answer, with rules a learner can predict.

Every exercise check reads its answers here, so the same answer means the same thing everywhere:

- a **number**: a Python int or float, a NumPy scalar, or a tensor (or array) holding one value;
  a string is refused ("give the number, without quotes"), and so are a bool, NaN or infinity.
  A *whole* number asked refuses a fraction rather than rounding it: rounding is the learner's.
- a **shape**: a tuple, list, array or tensor of whole numbers (its entries read as numbers).
- a **prediction** (the exercise says *predict without running*): the prediction rule wins over
  the two above: a ``torch.Size``, a tensor or an array is refused ("type the numbers you
  predicted"). A plain int or tuple counts as typed, whatever arithmetic made it.
- **the course's own helpers** never pass for an answer: a value the calling code computed
  with a function that answers the question (the course's helper, PyTorch's layer, ``.grad``;
  ``origin`` reads the calling source) is refused, and a method check runs the learner's
  function under ``Recorder``, which sees every torch operation it runs (however wrapped or
  cast) and every helper of the course it calls.
- **tolerances** scale with the dtype and the magnitude of what is compared (``tolerance``):
  a float32 kernel that is exact in real arithmetic is right.

A reader returns the value, or raises ``NotAnswered`` / ``Refused`` with the sentence to print;
``returns_verdict`` prints it and returns a false ``Verdict``. A check never raises on an answer.
"""

import ast
import functools
import linecache
import math
import numbers
import sys
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.overrides import TorchFunctionMode

RIGHT, WRONG, EMPTY = "Right:", "Not yet:", "Not answered yet:"
PREDICTED = "type the numbers you predicted"


class Verdict:
    """A check's result: true when the answer is right. Shown as nothing in a notebook."""

    __slots__ = ("ok",)

    def __init__(self, ok):
        self.ok = bool(ok)

    def __bool__(self):
        return self.ok

    def __eq__(self, other):
        return self.ok == bool(other)

    def __hash__(self):
        return hash(self.ok)

    def __repr__(self):
        return f"Verdict({self.ok})"

    def _ipython_display_(self):
        """IPython calls this instead of printing the value: nothing more to show."""


class NotAnswered(Exception):
    """The answer is missing (still ``None``): the message says what is awaited."""


class Refused(Exception):
    """The answer has a form the question does not take: the message says which to give."""


_CALLER: list[Any] = []  # the frames that called the checks running now, innermost last


def returns_verdict(check):
    """Make ``check`` (which returns a bool) return a ``Verdict``; print the sentence of a
    ``NotAnswered`` or ``Refused`` it raises instead of raising it."""

    @functools.wraps(check)
    def checked(*args, **kwargs):
        _CALLER.append(sys._getframe(1))
        try:
            return Verdict(check(*args, **kwargs))
        except NotAnswered as missing:
            print(f"{EMPTY} {missing}")
        except Refused as refused:
            print(f"{WRONG} {refused}")
        except Exception as err:  # an answer no rule foresaw: say so, never a traceback
            print(f"{WRONG} the check could not read this answer ({type(err).__name__}: {err}); "
                  "give it in the form the exercise asks for.")
        finally:
            _CALLER.pop()
        return Verdict(False)

    return checked


def verdict(ok, praise, hint):
    """Print the verdict and return ``ok``."""
    print(f"{RIGHT} {praise}" if ok else f"{WRONG} {hint}")
    return ok


def judge(answer, expected, praise, mistakes, otherwise):
    """Print the verdict on ``answer`` and return whether it matches ``expected``.

    ``expected`` is a value or a test of the answer. ``mistakes`` lists ``(wrong, hint)``
    pairs, ``wrong`` a value or a test of the answer: the first that matches gives the hint;
    ``otherwise`` is the hint when none does.
    """
    if (expected(answer) if callable(expected) else answer == expected):
        return verdict(True, praise, "")
    for wrong, hint in mistakes:
        if (wrong(answer) if callable(wrong) else answer == wrong):
            return verdict(False, "", hint)
    return verdict(False, "", otherwise)


# ---------------------------------------------------------------- numbers and shapes
def _computed_kind(answer):
    """Return what ``answer`` is when it is a computed container (torch.Size, tensor, array)."""
    if isinstance(answer, torch.Size):
        return "a torch.Size"
    if isinstance(answer, torch.Tensor):
        return "a tensor"
    if isinstance(answer, np.ndarray):
        return "a NumPy array"
    return None


def number(answer, what, *, whole=False, predicted=False):
    """Return ``answer`` read as a number (an int when ``whole``), by the engine's rules."""
    if answer is None:
        raise NotAnswered(f"give {what}")
    kind = _computed_kind(answer)
    if predicted and kind:
        raise Refused(f"{what}: that is {kind}, computed by running code; {PREDICTED}.")
    if isinstance(answer, (str, bytes)):
        raise Refused(f"{what}: give the number itself, not the text {answer!r} (no quotes).")
    if isinstance(answer, (torch.Tensor, np.ndarray)):
        if (answer.size if isinstance(answer, np.ndarray) else answer.numel()) != 1:
            raise Refused(f"{what}: give one number, not {kind} of shape "
                          f"{tuple(answer.shape)}.")
        answer = answer.item()
    elif isinstance(answer, np.generic):
        answer = answer.item()
    if isinstance(answer, (tuple, list)):
        raise Refused(f"{what}: give one number, not the {len(answer)} numbers "
                      f"{tuple(answer)!r}.")
    if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
        raise Refused(f"{what}: give a number, got {type(answer).__name__}.")
    value = float(answer)
    if not math.isfinite(value):
        raise Refused(f"{what}: give a finite number, got {value}.")
    if whole:
        if value != int(value):
            raise Refused(f"{what}: give a whole number, got {answer!r}: this count has no "
                          "fraction, so decide how to round.")
        return int(value)
    return value


def shape(answer, count, what, *, predicted=False):
    """Return ``answer`` read as a shape: a tuple of ``count`` whole numbers."""
    if answer is None:
        raise NotAnswered(f"give {what}")
    kind = _computed_kind(answer)
    if predicted and kind:
        raise Refused(f"{what}: that is {kind}, computed by running code; {PREDICTED}.")
    if isinstance(answer, (torch.Tensor, np.ndarray)):
        if answer.ndim != 1:
            raise Refused(f"{what}: give {count} whole numbers, got {kind} of shape "
                          f"{tuple(answer.shape)}.")
        answer = answer.tolist()
    if isinstance(answer, (str, bytes)) or not isinstance(answer, (tuple, list)):
        raise Refused(f"{what}: give {count} whole numbers in a tuple, e.g. (rows, columns); "
                      f"got {answer!r}.")
    if len(answer) != count:
        raise Refused(f"{what}: give {count} whole numbers, got {len(answer)}.")
    return tuple(number(n, what, whole=True, predicted=predicted) for n in answer)


def function(answer, signature):
    """Return ``answer`` if it is a function, else raise with what to give."""
    if answer is None:
        raise NotAnswered(f"define {signature}")
    if not callable(answer):
        raise Refused(f"the answer should be a function (def {signature}: return ...), "
                      f"got {type(answer).__name__}.")
    return answer


def tensor(answer, what):
    """Return ``answer`` detached in float64 if it is a tensor (or array), else raise."""
    if answer is None:
        raise NotAnswered(f"give {what}")
    if isinstance(answer, np.ndarray) and answer.dtype.kind in "iuf":
        answer = torch.from_numpy(answer)
    if not isinstance(answer, torch.Tensor):
        raise Refused(f"{what} should be a torch.Tensor, got {type(answer).__name__}.")
    return answer.detach().double()


def tolerance(dtype, magnitude):
    """Return the absolute tolerance for a result of ``dtype`` computed from numbers up to
    ``magnitude`` (e.g. the sum of |kernel| times the largest |pixel|): 16 units in the last
    place of that dtype, at least float32's (a float32 kernel cast to float64 keeps its
    float32 rounding), at that magnitude; and exactness (0.5) for whole numbers."""
    if dtype is not None and not dtype.is_floating_point and not dtype.is_complex:
        return 0.5
    eps = max(torch.finfo(dtype or torch.float64).eps, torch.finfo(torch.float32).eps)
    return 16 * eps * max(float(magnitude), 1.0)


def close(got, expected, dtype, magnitude):
    """Whether tensors (or numbers) ``got`` and ``expected`` agree within ``tolerance``."""
    got, expected = torch.as_tensor(got, dtype=torch.float64), torch.as_tensor(
        expected, dtype=torch.float64)
    if got.shape != expected.shape:
        return False
    return bool(((got - expected).abs() <= tolerance(dtype, magnitude)).all())


def same(got, expected, dtype=None):
    """Whether float64 tensors ``got`` and ``expected`` have one shape and agree within the
    tolerance of ``dtype`` at their magnitude."""
    if got.shape != expected.shape:
        return False
    scale = float(expected.abs().max()) if expected.numel() else 1.0
    return close(got, expected, dtype or torch.float64, scale)


# ---------------------------------------------------------------- where an answer came from
HELPERS = Path(__file__).resolve().parent.parent  # helpers/
EXERCISES = Path(__file__).resolve().parent       # helpers/exercises/


def _dotted(node):
    """Return ``a.b.c`` for a Name or Attribute chain, the last name for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else node.attr
    return ""


def _assignments(tree, before=None):
    """Return ``{name: value expression}`` of the last assignments in ``tree`` (before line
    ``before``), not looking into nested functions."""
    found = {}

    def visit(node):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                  ast.ClassDef)):
                continue
            if before is not None and getattr(child, "lineno", 0) >= before:
                continue
            if isinstance(child, (ast.For, ast.AsyncFor)) and isinstance(child.target, ast.Name):
                found[child.target.id] = child.iter  # a loop's name: what it runs over
            if isinstance(child, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and child.value:
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                for target in targets:
                    if isinstance(target, ast.Name):
                        found[target.id] = child.value
                    elif isinstance(target, (ast.Tuple, ast.List)):
                        values = child.value.elts if isinstance(
                            child.value, (ast.Tuple, ast.List)) else [child.value] * len(
                            target.elts)
                        for t, v in zip(target.elts, values):
                            if isinstance(t, ast.Name):
                                found[t.id] = v
            visit(child)

    visit(tree)
    return found


def _parse_cell(cell):
    """Return the syntax tree of an IPython cell (its magics turned into Python), or None."""
    try:
        return ast.parse(cell)
    except SyntaxError:
        pass
    try:
        from IPython.core.inputtransformer2 import TransformerManager

        return ast.parse(TransformerManager().transform_cell(cell))
    except Exception:  # not IPython's syntax either: that cell tells nothing
        return None


def _argument_sources(check_name, index, keyword):
    """Return the expression that gave argument ``index`` (or ``keyword``) of the running
    check, and the assignments in scope, or None when the calling source is not readable."""
    if not _CALLER:
        return None
    frame = _CALLER[-1]
    try:
        source = "".join(linecache.getlines(frame.f_code.co_filename, frame.f_globals))
        tree = ast.parse(source)
    except (SyntaxError, ValueError, TypeError):
        return None
    line = frame.f_lineno
    spanning = [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                and node.lineno <= line <= (node.end_lineno or node.lineno)]
    named = [node for node in spanning if _dotted(node.func).split(".")[-1] == check_name]
    # a check called under another name (``check = check_flat_size``, a parametrized ``check``)
    named = named or [node for node in spanning
                      if _dotted(node.func).split(".")[-1].startswith("check")]
    if len(named) != 1:
        return None
    call = named[0]
    if keyword is not None and any(k.arg == keyword for k in call.keywords):
        expression = next(k.value for k in call.keywords if k.arg == keyword)
    elif index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args):
        expression = call.args[index]
    else:
        return None
    scopes = []
    enclosing = [node for node in ast.walk(tree)
                 if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
                 and node.lineno <= call.lineno <= (node.end_lineno or node.lineno)]
    if enclosing:
        scopes.append(_assignments(max(enclosing, key=lambda n: n.lineno), call.lineno))
    scopes.append(_assignments(tree, call.lineno))
    history = frame.f_globals.get("In")  # IPython's inputs, the running cell last
    if not enclosing and isinstance(history, list):
        for cell in reversed(history[:-1]):
            parsed = _parse_cell(cell)
            if parsed is not None:
                scopes.append(_assignments(parsed))
    return expression, scopes


def _facts(expression, scopes, depth=0, seen=None):
    """Return the calls (dotted names) and attributes an expression uses, following the
    names it reads back to their assignments."""
    seen = set() if seen is None else seen
    calls, attributes = [], []
    for node in ast.walk(expression):
        if isinstance(node, ast.Call):
            calls.append(_dotted(node.func))
        elif isinstance(node, ast.Attribute):
            attributes.append(node.attr)
        elif isinstance(node, ast.Name) and node.id not in seen and depth < 12:
            seen.add(node.id)
            for scope in scopes:
                if node.id in scope:
                    more_calls, more_attributes = _facts(scope[node.id], scopes, depth + 1, seen)
                    calls += more_calls
                    attributes += more_attributes
                    break
    return calls, attributes


def origin(check_name, index, what, helpers, *, predicted=False, keyword=None):
    """Refuse argument ``index`` (or ``keyword``) of the running check when the calling code
    computed it with one of ``helpers``: names of the course's functions, PyTorch's layers or
    attributes (``.grad``, ``.in_features``) that compute the question's answer. The names an
    argument reads are followed back to their assignments (in the calling function, its module,
    or IPython's earlier cells). Silent when the calling source cannot be read: the value then
    counts as typed."""
    found = _argument_sources(check_name, index, keyword)
    if found is None:
        return
    calls, attributes = _facts(*found)
    used = [n for n in [c.split(".")[-1] for c in calls if c] + attributes if n in helpers]
    if used:
        then = PREDICTED if predicted else "work it out and write the number in"
        raise Refused(f"{what}: computed with `{used[0]}`, which answers the question; {then}.")


# ---------------------------------------------------------------- seeing a method
class Record:
    """What a learner's function ran: torch operations and the course's own helpers."""

    def __init__(self):
        self.torch: list[str] = []
        self.helpers: list[str] = []

    def count(self, names):
        """Return how many recorded torch operations have a last name in ``names``."""
        return sum(op.split(".")[-1] in names for op in self.torch)


def _op_name(func):
    name = str(getattr(func, "__qualname__", None) or getattr(func, "__name__", repr(func)))
    module = str(getattr(func, "__module__", None) or "")
    if name.startswith("TensorBase."):
        name = "Tensor." + name[len("TensorBase."):]
    if name.startswith("Tensor.") or not module:
        return name
    return f"{module}.{name}"


class Recorder(TorchFunctionMode):
    """Record every torch operation run while active (``record.torch``), and every Python
    function of the course's helpers called (``record.helpers``), e.g. ``F.unfold`` after a
    ``.double()``, ``@`` as ``Tensor.__matmul__``, a loop of ``torch.dot`` as many calls."""

    def __init__(self, record):
        super().__init__()
        self.record = record
        self._profile = None

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.record.torch.append(_op_name(func))
        return func(*args, **(kwargs or {}))

    def _hook(self, frame, event, arg):
        if event == "call":
            path = frame.f_code.co_filename
            if path.startswith(str(HELPERS)) and not path.startswith(str(EXERCISES)) \
                    and not path.endswith("validation.py"):  # the argument checks' wrapper
                self.record.helpers.append(frame.f_code.co_name)
        if self._profile is not None:
            self._profile(frame, event, arg)

    def __enter__(self):
        self._profile = sys.getprofile()
        sys.setprofile(self._hook)
        return super().__enter__()

    def __exit__(self, *exc):
        sys.setprofile(self._profile)
        return super().__exit__(*exc)


NUMPY_ROUTES = {"numpy", "tolist", "__array__", "item", "untyped_storage", "storage",
                "data_ptr"}
NUMPY_ROUTES_ALLOWED_ITEM = NUMPY_ROUTES - {"item"}


def run_recorded(fn, name, *args):
    """Run a learner's ``fn(*args)`` under a ``Recorder``; return ``(its result, the record)``,
    or raise ``Refused`` when it raised (its error reported, never a traceback)."""
    record = Record()
    try:
        with Recorder(record):
            return fn(*args), record
    except Exception as err:  # a learner's bug: report it instead of a traceback
        raise Refused(f"{name} raised {type(err).__name__}: {err}") from None


def call_recorded(fn, name, *args, pair=None):
    """Run a learner's ``fn(*args)`` under a ``Recorder``; return ``(result, record)``, the
    result detached in float64 (a tuple of two with ``pair``, what the two are). Raise
    ``Refused`` when it raised (its error reported, never a traceback) or returned something
    else than asked."""
    out, record = run_recorded(fn, name, *args)
    if pair is None:
        if not isinstance(out, torch.Tensor):
            raise Refused(f"{name} should return a torch.Tensor, got {type(out).__name__}.")
        return out.detach().double(), record
    if out is None:
        raise Refused(f"{name} returned None: return the two tensors, {pair}.")
    if not (isinstance(out, (tuple, list)) and len(out) == 2
            and all(isinstance(t, torch.Tensor) for t in out)):
        raise Refused(f"{name} should return two tensors, {pair}, for corr2d.")
    return tuple(t.detach().double() for t in out), record


def not_borrowed(fn, name):
    """Refuse ``fn`` when it is the course's, d2l's or PyTorch's own function."""
    module = getattr(fn, "__module__", None) or ""
    if module.split(".")[0] in ("helpers", "d2l", "torch"):
        raise Refused(f"{name} is {module}'s own function: write yours.")


def refuse_routes(record, name, *, library=(), helpers=None, allow_item=True):
    """Refuse a recorded run that used a torch operation in ``library`` (last names), left
    torch for NumPy or Python lists, or called a course helper (any, or those in ``helpers``)."""
    used = [op for op in record.torch if op.split(".")[-1] in library]
    if used:
        raise Refused(f"{name} calls {used[0]}: the exercise is to do that part yourself.")
    routes = NUMPY_ROUTES if not allow_item else NUMPY_ROUTES_ALLOWED_ITEM
    left = [op for op in record.torch if op.split(".")[-1] in routes]
    if left:
        raise Refused(f"{name} leaves torch ({left[0]}): stay with tensor operations, so that "
                      "the check can see the method.")
    course = [h for h in record.helpers if helpers is None or h in helpers]
    if course:
        raise Refused(f"{name} calls the course's own `{course[0]}`: write yours.")
