"""Record the colour maps that figures actually draw, and judge them by the course's convention.

``install()`` wraps matplotlib's ``Axes.imshow``, ``Axes.pcolormesh``, ``Axes.contour`` and
``Axes.contourf`` so that every call appends what it drew to ``RECORDS``: the colour map's name,
the scale (vmin, vmax), the smallest and largest value drawn and the figure. ``problems(records)``
says which records break helpers.figures.colours' convention. tests/test_colours.py runs it on
the drawing functions of helpers and, injected into a kernel, on every notebook as it runs.
This file is self-contained (its source is sent to the kernel as it is).
"""

import math

RECORDS: list = []


def _name(cmap):
    return getattr(cmap, "name", None) if cmap is not None else None


def _values(artist):
    import numpy as np

    data = artist.get_array()
    if data is None:
        return None, None
    data = np.ma.masked_invalid(np.ma.asarray(data, dtype=float))
    if data.count() == 0:
        return None, None
    return float(data.min()), float(data.max())


def install():
    """Wrap the Axes methods that draw with a colour map (once per process)."""
    import matplotlib.axes

    axes = matplotlib.axes.Axes
    if getattr(axes, "_colour_recorder", False):
        return
    axes._colour_recorder = True

    def wrap(kind):
        original = getattr(axes, kind)

        def drawn(self, *args, **kwargs):
            artist = original(self, *args, **kwargs)
            if kind in ("contour", "contourf") and kwargs.get("colors") is not None:
                return artist  # lines of one given colour: no colour map
            if kind == "imshow" and getattr(artist.get_array(), "ndim", 2) == 3:
                return artist  # an RGB(A) picture: no colour map
            artist.autoscale_None()
            low, high = _values(artist) if kind != "contour" and kind != "contourf" else (
                min(artist.levels), max(artist.levels))
            RECORDS.append({"kind": kind, "cmap": _name(artist.get_cmap()),
                            "vmin": artist.norm.vmin, "vmax": artist.norm.vmax,
                            "low": low, "high": high, "figure": id(self.figure),
                            "title": self.get_title()})
            return artist

        drawn.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(axes, kind, drawn)

    for kind in ("imshow", "pcolormesh", "contour", "contourf"):
        wrap(kind)


def uninstall():
    """Put the Axes methods back as they were."""
    import matplotlib.axes

    axes = matplotlib.axes.Axes
    for kind in ("imshow", "pcolormesh", "contour", "contourf"):
        method = getattr(axes, kind)
        setattr(axes, kind, getattr(method, "__wrapped__", method))
    axes._colour_recorder = False


def problems(records, image, signed, highlight, highlight_max, levels):
    """Return the records that break the convention, each with the reason, as sentences.

    - a map of values never negative: ``image``, on a scale that does not go below 0;
    - a signed map: ``signed``, on a scale symmetric around 0 (vmin = -vmax); all-positive
      data on it only beside a panel of the same figure that is signed (a shared scale),
      except all zeros (the grey of "no change");
    - a mask of 0s and 1s may be drawn in ``highlight`` from 0 to ``highlight_max``;
    - contour lines of a loss in ``levels``.
    """
    signed_figures = {r["figure"] for r in records
                      if r["low"] is not None and r["low"] < 0}
    found = []
    for r in records:
        where = f"{r['kind']} {r['title']!r} ({r['cmap']}, {r['low']} to {r['high']})"
        if r["kind"] in ("contour", "contourf"):
            if r["cmap"] != levels:
                found.append(f"{where}: contour lines not in {levels}")
            continue
        if r["low"] is None:
            continue  # nothing drawn
        negative = r["low"] < 0
        if r["cmap"] == highlight:
            if negative or r["high"] > 1 or r["vmin"] != 0 or r["vmax"] != highlight_max:
                found.append(f"{where}: {highlight} is for a mask of 0s and 1s, "
                             f"from 0 to {highlight_max}")
        elif r["cmap"] == image:
            if negative or r["vmin"] < 0:
                found.append(f"{where}: signed values drawn on the image map {image}")
        elif r["cmap"] == signed:
            if not math.isclose(r["vmin"], -r["vmax"]):
                found.append(f"{where}: a signed map not symmetric around 0 "
                             f"({r['vmin']} to {r['vmax']})")
            elif r["high"] > 0 and not negative and r["figure"] not in signed_figures:
                found.append(f"{where}: values never negative drawn on the signed map")
        else:
            found.append(f"{where}: another colour map than {image} (images) and {signed} "
                         f"(signed values)")
    return found
