"""Data and training: the test images, the digits and their splits (one loader), one training
loop, and the experiment sweeps that rerun the notebooks' comparisons over seeds.

``images`` (the seed's stripes, a diagonal edge, a photograph), ``kernel`` (learning a kernel by
gradient descent, notebooks 4 and 9), ``data`` (the digits, test and validation splits),
``loop`` (``train``, and ``train_digits`` / ``train_lenet``, each notebook's recipe),
``sweeps`` (``make check-experiments``: seeds, learning rates, controls; their results are
``results.json``, beside it).
"""
