"""Sphinx configuration of the course's website: every notebook as a page, from its stored outputs.

Build: `make book` (or `sphinx-build book book/_build/html` in the venv of requirements-book.txt).
Nothing is executed: the pages show the outputs stored in the notebooks.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import course_book  # noqa: E402  (book/course_book.py)

course_book.copy_notebooks()
offline = course_book.vendor_assets()
repository = course_book.repository_url()

project = "The 2D convolutional layer, from the loop up"
author = "the course's authors"
copyright = "the course's authors"

extensions = ["myst_nb", "sphinx.ext.githubpages", "course_book"]
exclude_patterns = ["_build", "**.ipynb_checkpoints"]
root_doc = "index"

# myst-nb: render the stored outputs, execute nothing.
nb_execution_mode = "off"
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3

html_theme = "sphinx_book_theme"
html_title = "The 2D convolutional layer"
html_favicon = "_static/favicon.svg"  # a 2x2 window on a 3x3 input
html_static_path = ["_static"]
html_js_files = [("mathjax2-typeset.js", {"priority": 400}),  # before the widget manager
                 "accessibility.js"]  # the sidebar toggles on a phone, the widgets' labels
html_last_updated_fmt = None
html_context = {"default_mode": "light"}  # the figures are drawn on white; the reader may switch
html_theme_options = {
    "repository_url": repository,
    "repository_branch": course_book.BRANCH,
    "path_to_docs": "",  # pages are notebooks/NN_name, as in the repository
    "use_repository_button": True,
    "use_edit_page_button": True,
    "use_download_button": True,
    "use_issues_button": False,
    "launch_buttons": {
        "binderhub_url": course_book.BINDER,
        "colab_url": course_book.COLAB,
        "notebook_interface": "jupyterlab",
    },
    "show_toc_level": 2,
    # No items in pydata-sphinx-theme's header navbar, which sphinx-book-theme never shows: so
    # the header holds no hidden "primary-toggle" button. Both themes bind their sidebar
    # toggle to the first such button of the page; with the header's in the way, the visible
    # toggle (in the article's header) opened nothing on a phone.
    "navbar_start": [],
    "navbar_center": [],
    "navbar_end": [],
    "navbar_persistent": [],
    "navigation_with_keys": False,
}

if offline:
    # MathJax and the widget manager from the site itself: pages need no network.
    html_static_path.append(str(course_book.VENDOR))
    mathjax_path = course_book.MATHJAX
    nb_ipywidgets_js = {course_book.WIDGETS: {}}
else:
    nb_ipywidgets_js = {
        f"{course_book.CDN}@jupyter-widgets/html-manager@1.0.15/dist/embed.js":
            {"crossorigin": "anonymous"},
    }
