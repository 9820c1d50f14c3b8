"""The answer engine's rules, tested once here (helpers.exercises.answers): every check reads its
answers through it, so a rule that holds here holds in every exercise."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from helpers.exercises.answers import (
    NotAnswered,
    Record,
    Recorder,
    Refused,
    Verdict,
    close,
    number,
    origin,
    returns_verdict,
    shape,
    tolerance,
)


@pytest.mark.parametrize("answer", [64, 64.0, np.int64(64), np.float32(64), torch.tensor(64),
                                    torch.tensor(64.0, dtype=torch.float16), torch.tensor([64]),
                                    np.array(64)])
def test_a_number_is_any_int_float_numpy_scalar_or_one_value_tensor(answer):
    assert number(answer, "n", whole=True) == 64


@pytest.mark.parametrize("answer, words", [
    ("64", "quotes"), (b"64", "quotes"), (True, "give a number"), (float("nan"), "finite"),
    (float("inf"), "finite"), ((8, 8), "one number"), ([64], "one number"),
    (torch.tensor([6, 4]), "one number"), (np.array([6, 4]), "one number"),
    (64.5, "whole number"), (object(), "give a number")])
def test_what_is_not_a_number_is_refused_with_a_sentence(answer, words):
    with pytest.raises(Refused, match=words):
        number(answer, "n", whole=True)


def test_a_missing_number_is_not_answered_yet():
    with pytest.raises(NotAnswered, match="the count"):
        number(None, "the count")


@pytest.mark.parametrize("answer", [(3, 4), [3, 4], (3.0, 4.0), np.array([3, 4]),
                                    torch.tensor([3, 4]), torch.Size([3, 4]),
                                    (np.int64(3), torch.tensor(4))])
def test_a_shape_is_a_tuple_list_array_or_tensor_of_whole_numbers(answer):
    assert shape(answer, 2, "s") == (3, 4)


@pytest.mark.parametrize("answer, words", [
    ("3x4", "tuple"), (34, "tuple"), ((3, 4, 1), "give 2 whole numbers"), ((3.5, 4), "whole"),
    (torch.zeros(3, 4), "shape"), ((3, "4"), "quotes")])
def test_what_is_not_a_shape_is_refused(answer, words):
    with pytest.raises(Refused, match=words):
        shape(answer, 2, "s")


@pytest.mark.parametrize("answer", [torch.Size([3, 4]), torch.tensor([3, 4]), np.array([3, 4]),
                                    (torch.tensor(3), 4)])
def test_a_prediction_refuses_what_running_gives(answer):
    with pytest.raises(Refused, match="type the numbers you predicted"):
        shape(answer, 2, "s", predicted=True)
    assert shape((3, 4), 2, "s", predicted=True) == (3, 4)  # typed: right
    assert shape([3, np.int64(4)], 2, "s", predicted=True) == (3, 4)  # a NumPy scalar is not run


@pytest.mark.parametrize("answer", [torch.tensor(4), torch.tensor([4.0]), np.array(4)])
def test_a_predicted_number_refuses_a_tensor_or_an_array(answer):
    with pytest.raises(Refused, match="type the numbers you predicted"):
        number(answer, "n", predicted=True)


def test_tolerance_scales_with_dtype_and_magnitude():
    assert tolerance(torch.int64, 1e6) == 0.5  # whole numbers: exact
    assert tolerance(torch.float64, 1.0) == tolerance(torch.float32, 1.0)  # float32's at least
    assert tolerance(torch.float16, 1.0) > tolerance(torch.float32, 1.0)
    assert tolerance(torch.float32, 1000.0) == 1000 * tolerance(torch.float32, 1.0)
    K = torch.tensor([[1.0, 4.0, 1.0], [4.0, -20.0, 4.0], [1.0, 4.0, 1.0]]) / 6  # float32
    X = torch.arange(81.0).reshape(9, 9) ** 2
    got = F.conv2d(X[None, None], K[None, None])[0, 0].double()
    exact = F.conv2d(X[None, None].double(), K.double()[None, None] * 0 + torch.tensor(
        [[1.0, 4, 1], [4, -20, 4], [1, 4, 1]], dtype=torch.float64)[None, None] / 6)[0, 0]
    assert not torch.equal(got, exact)  # float32 rounding is there
    assert close(got, exact, torch.float32, float(K.abs().sum() * X.max()))
    assert not close(got + 0.1, exact, torch.float32, float(K.abs().sum() * X.max()))


def test_a_check_prints_one_sentence_and_never_raises(capsys):
    @returns_verdict
    def check_example(answer):
        return number(answer, "the example") == 1

    assert check_example(1) == Verdict(True) and capsys.readouterr().out == ""
    assert not check_example(None)
    assert capsys.readouterr().out == "Not answered yet: give the example\n"
    assert not check_example("1")
    assert capsys.readouterr().out.startswith("Not yet: the example: give the number itself")
    assert repr(Verdict(True)) == "Verdict(True)"


def _helper_answer():
    return 16


@returns_verdict
def check_origin(answer):
    origin("check_origin", 0, "the answer", {"_helper_answer", "grad"}, keyword="answer")
    return number(answer, "the answer") == 16


def test_origin_refuses_a_value_a_named_helper_computed(capsys):
    assert not check_origin(_helper_answer())
    assert "`_helper_answer`" in capsys.readouterr().out
    field = _helper_answer() + 0  # followed back through an assignment
    assert not check_origin(field)
    capsys.readouterr()
    assert check_origin(16)  # typed
    assert check_origin(answer=4 * 4)  # arithmetic is typed


def test_the_recorder_sees_operations_however_cast_or_wrapped():
    record = Record()
    X = torch.arange(12).reshape(3, 4)
    with Recorder(record):
        F.unfold(X[None, None].double(), (2, 2))
        X.double() @ X.double().t()
        [torch.dot(X[0].double(), X[1].double()) for _ in range(3)]
        X.unfold(0, 2, 1)
        X.numpy()
    names = [op.split(".")[-1] for op in record.torch]
    assert "unfold" in names and "double" in names and "matmul" in names  # @ is Tensor.matmul
    assert names.count("dot") == 3 and "numpy" in names
    assert "torch.nn.functional.unfold" in record.torch and "Tensor.unfold" in record.torch


def test_the_recorder_sees_the_courses_helpers():
    from helpers import window_matrix

    record = Record()
    with Recorder(record):
        (lambda X: window_matrix(X, 2, 2))(torch.zeros(3, 3))
    assert "window_matrix" in record.helpers
    assert record.torch  # and the views it made


def test_origin_follows_a_loop_over_computed_answers(capsys):
    for answer in [_helper_answer()]:
        assert not check_origin(answer)
    for answer in [16, 16.0]:
        assert check_origin(answer)
    capsys.readouterr()


def test_origin_follows_a_check_called_under_another_name(capsys):
    for check in [check_origin]:
        assert not check(_helper_answer())
        assert check(16)
    capsys.readouterr()
