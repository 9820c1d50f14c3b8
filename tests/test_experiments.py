"""The sweep of notebooks 15-18 over seeds (helpers/training/sweeps.py) and its committed file.

The fast tests read helpers/training/results.json: it holds every seed, its summaries agree with
its numbers, and the choices it records are the best on validation. The test marked
``experiments`` (``make check-experiments``; minutes) reruns the whole sweep and fails when a
number differs from the file.
"""

import re

import pytest
from test_claims import cells, output_text, source

from helpers.training import sweeps

RESULTS = sweeps.load_results()


def test_every_comparison_has_three_seeds_or_more():
    assert len(RESULTS["seeds"]) >= 3
    seeds = {str(s) for s in RESULTS["seeds"]}
    assert set(RESULTS["digits"]["test_accuracy"]) == seeds
    for per_seed in RESULTS["lenet"]["recipes_test_accuracy"].values():
        assert set(per_seed) == seeds
    for per_seed in RESULTS["lenet"]["shift_accuracy"].values():
        assert set(per_seed) == seeds


def test_summaries_are_the_mean_and_range_of_the_seeds():
    for name, per_seed in RESULTS["lenet"]["recipes_test_accuracy"].items():
        assert RESULTS["lenet"]["recipes_summary"][name] == sweeps.summary(list(per_seed.values()))
    digits = RESULTS["digits"]
    assert digits["test_summary"] == sweeps.summary(list(digits["test_accuracy"].values()))


def test_the_choices_are_the_best_on_validation():
    digits = RESULTS["digits"]
    curves = list(digits["validation_curves"].values())
    mean = [round(sum(c[e] for c in curves) / len(curves), 4) for e in range(len(curves[0]))]
    assert mean[digits["chosen_epochs"] - 1] == max(mean)
    for name, choice in RESULTS["lenet"]["learning_rates"].items():
        last = {lr: curve[-1] for lr, curve in choice["curves"].items()}
        assert last[repr(choice["chosen"])] == max(last.values())
        assert RESULTS["lenet"]["chosen_lr"][name] == choice["chosen"]


def test_each_chosen_learning_rate_lies_inside_the_rates_tried():
    """A rate chosen at an end of its grid might do better beyond it: widen the grid."""
    for name, choice in RESULTS["lenet"]["learning_rates"].items():
        tried = sorted(float(lr) for lr in choice["curves"])
        assert tried == sorted(sweeps.LR_GRIDS[name])
        assert tried[0] < choice["chosen"] < tried[-1], (name, choice["chosen"], tried)


def test_more_epochs_is_the_1998_recipe_at_its_rate_for_every_seed():
    longer = RESULTS["lenet"]["more_epochs_1998"]
    assert longer["lr"] == RESULTS["lenet"]["chosen_lr"]["1998"]
    assert longer["epochs"] == sweeps.MORE_EPOCHS > RESULTS["lenet"]["epochs"]
    assert set(longer["validation"]) == {str(s) for s in RESULTS["seeds"]}
    assert all(len(curve) == longer["epochs"] for curve in longer["validation"].values())


def test_differences_finds_a_changed_number():
    assert sweeps.differences({"a": [0.5, 1.0]}, {"a": [0.5, 1.0]}) == []
    assert sweeps.differences({"a": [0.5, 1.0]}, {"a": [0.5, 0.9]}) == ["/a[1]: 1.0 != 0.9"]
    assert sweeps.differences({"a": 1}, {"b": 1}) != []


@pytest.mark.parametrize("notebook", ["15_cnn_on_digits.ipynb", "16_inside_the_network.ipynb",
                                      "17_lenet5.ipynb", "18_invariance_and_saliency.ipynb"])
def test_the_notebooks_print_the_committed_results(notebook):
    """A notebook's stored table of the sweep is the committed file's: when the file changes,
    the notebook must be executed again (and its prose checked: tests/test_claims.py)."""
    printed = 0
    for cell in cells(notebook):
        for part in re.findall(r'sweep_table\("([^"]+)"\)', source(cell)):
            assert sweeps.sweep_table(part) in output_text(cell), (notebook, part)
            printed += 1
    assert printed >= 1


@pytest.mark.experiments
def test_a_fresh_sweep_agrees_with_the_committed_results():
    fresh = sweeps.run(print)
    found = sweeps.differences(RESULTS, fresh["results"])
    assert not found, "\n".join(found[:20])
