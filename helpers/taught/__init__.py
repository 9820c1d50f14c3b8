"""The code the notebooks show, in the book's order: one module per notebook that teaches it.

``nb00_why_convolution`` (the convolution as a matrix), ``nb01_cross_correlation``
(``corr2d``, and notebook 2's ``Conv2D``), ``nb07_receptive_fields`` (what an output element
sees, dilation), ``nb08_kernels`` (hand-designed kernels), ``nb10_fast`` (the same
cross-correlation vectorized, and its backward pass, notebook 14), ``nb11_channels``
(channels, padding and stride), ``nb12_pooling``, ``nb13_cost`` (what a layer costs) and
``nb15_layers`` (a batched multi-channel convolution and pooling as layers), ``nb16_inside``
(what a trained network learned; shifts, equivariance and invariance), ``nb17_networks`` (the
networks of notebooks 15-18: LeNet-5 and our convolution with a backward pass of its own) and
``nb18_attribution`` (saliency and occlusion).

Each function is pure: its argument checks are in ``helpers.checks``, run before the public
name by ``helpers.boundary``. Each module imports modules above it in this list,
``helpers.sizes`` (the ground floor) and, for notebooks 16-18, ``helpers.training.loop``
(``predict``).
"""
