"""The code the notebooks show, in the book's order: one module per notebook that teaches it.

``nb00_why_convolution`` (the convolution as a matrix), ``nb01_cross_correlation``
(``corr2d``, and notebook 2's ``Conv2D``), ``nb07_receptive_fields`` (what an output element
sees, dilation), ``nb08_kernels`` (hand-designed kernels), ``nb10_fast`` (the same
cross-correlation vectorized, and its backward pass, notebook 14), ``nb11_channels``
(channels, padding and stride), ``nb12_pooling``, ``nb13_cost`` (what a layer costs) and
``nb15_layers`` (a batched multi-channel convolution and pooling as layers).

Each function is pure: its argument checks are in ``helpers.checks``, run before the public
name by ``helpers.boundary``. Each module imports only modules above it in this list and
``helpers.sizes``, the ground floor.
"""
