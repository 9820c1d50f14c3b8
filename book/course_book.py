"""What the course's website adds to Sphinx: its notebooks, its address, offline math and widgets.

- The notebooks stay in ../notebooks: each build copies them (times kept, so Sphinx rebuilds
  only what changed) to book/notebooks/, which git ignores.
- The repository's address has one home, pyproject.toml's [project.urls] Repository; the
  launch, edit and repository buttons and the landing page's links are made from it. The
  launch (Binder, Colab) and download buttons open the learner's edition, learner/.
- The landing page's table of notebooks is made from the notebooks' titles at build time.
- Solutions collapse on the page as in JupyterLab: a cell whose metadata hides its source or
  outputs (jupyter.source_hidden, jupyter.outputs_hidden) gets myst-nb's hide-input or
  hide-output tag, and a Markdown cell tagged `solution` goes into a closed <details>, on the
  page only (the notebook file is not changed).
- MathJax and the widget manager are served by the site itself (fetched once with
  `npm pack`, pinned and checked by their sha512), so pages need no network; without npm,
  the pages load them from a CDN instead. The same `npm pack` fetches axe-core, which the
  tests run on every page (it is not part of the site).
- Accessible pages: the line printed under a figure (``Figure: ...``, helpers.figures) is the
  figure's alt text and caption; _static/accessibility.js names the saved widgets' sliders and
  figures; pydata-sphinx-theme's fontawesome.js (icons the stylesheet draws already) is left
  out, so that a first visit of a page is light. (The sidebar's toggle: book/conf.py.)
"""

import base64
import fnmatch
import hashlib
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path

BOOK = Path(__file__).parent
ROOT = BOOK.parent
NOTEBOOKS = ROOT / "notebooks"
LEARNER = ROOT / "learner"  # the learner's edition: notebooks/ without solutions (make learner)
COPY = BOOK / "notebooks"
BUILD = BOOK / "_build"
VENDOR = BUILD / "vendor"
AXE = BUILD / "axe" / "axe.min.js"
TABLE_MARKER = "<!-- the table of notebooks -->"
BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"
BRANCH = "main"

# npm package -> (its tarball's sha512 integrity, {file or folder in the tarball: where in
# book/_build}). vendor/ is served by the site (html_static_path); axe/ only by the tests.
ASSETS = {
    "mathjax@3.2.2": (
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {"package/es5/tex-chtml-full.js": "vendor/mathjax/tex-chtml-full.js",
         "package/es5/output/chtml/fonts/woff-v2": "vendor/mathjax/output/chtml/fonts/woff-v2"}),
    "@jupyter-widgets/html-manager@1.0.15": (
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        {"package/dist/embed.js": "vendor/widgets/embed.js",
         "package/dist/*.woff2": "vendor/widgets"}),
    # the accessibility engine of browsers' own audits: tests/test_book.py runs it on every page
    "axe-core@4.11.4": (
        "sha512-KunSNx+TVpkAw/6ULfhnx+HWRecjqZGTOyquAoWHYLRSdK1tB5Ihce1ZW+UY3fj33bYAFWPu7W/GRSmmrCGuxA==",
        {"package/axe.min.js": "axe/axe.min.js"}),
}
MATHJAX = "mathjax/tex-chtml-full.js"
WIDGETS = "widgets/embed.js"
CDN = "https://cdn.jsdelivr.net/npm/"
FIGURE = "Figure: "  # the line under a figure that describes it (helpers.figures.PREFIX)
CDN_STYLESHEET = re.compile(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*"\s*/?>')


def repository_url():
    """Return the repository's address, pyproject.toml's [project.urls] Repository."""
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    return urls["Repository"].rstrip("/")


def github_slug():
    """Return 'owner/name' of the repository on GitHub."""
    return "/".join(repository_url().split("/")[-2:])


def binder_url(notebook):
    """Return the link that opens learner/<notebook> (the learner's edition) on Binder."""
    return f"{BINDER}/v2/gh/{github_slug()}/{BRANCH}?urlpath=lab/tree/learner/{notebook}"


def colab_url(notebook):
    """Return the link that opens learner/<notebook> (the learner's edition) on Colab."""
    return f"{COLAB}/github/{github_slug()}/blob/{BRANCH}/learner/{notebook}"


def open_the_learners_edition(app, exception):
    """Point each notebook page's Binder, Colab and download buttons at the learner's edition.

    The page shows notebooks/ (solutions closed until clicked); the theme's buttons would open
    that file. After the build, each page's launch links name learner/ instead, and the file the
    download button serves is the learner's edition. The edit button still edits notebooks/.
    """
    if exception is not None or app.builder.name != "html":
        return
    out = Path(app.outdir)
    for path in notebook_paths():
        page = out / "notebooks" / f"{path.stem}.html"
        if page.exists():
            html = page.read_text()
            for old, new in [(f"urlpath=lab/tree/notebooks/{path.name}",
                              f"urlpath=lab/tree/learner/{path.name}"),
                             (f"/blob/{BRANCH}/notebooks/{path.name}",
                              f"/blob/{BRANCH}/learner/{path.name}")]:
                html = html.replace(old, new)
            page.write_text(html)
        learner = LEARNER / path.name
        source = out / "_sources" / "notebooks" / path.name
        if learner.exists() and source.exists():
            shutil.copyfile(learner, source)


FONTAWESOME_JS = re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>\s*')


def drop_fontawesome_js(app, exception):
    """Take pydata-sphinx-theme's fontawesome.js (1.6 MB, 0.54 MB compressed) out of every page.

    It redraws the theme's icons as SVG; the theme's stylesheet already draws the same icons
    from Font Awesome's web fonts, so without it every icon still shows, and a first visit
    of a page costs half a megabyte less (tests/test_book.py holds the heaviest page to 1.5 MB).
    """
    if exception is not None or app.builder.name != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        html = page.read_text()
        lean = FONTAWESOME_JS.sub("", html)
        if lean != html:
            page.write_text(lean)


def notebook_paths():
    """Return the course's notebooks, in reading order."""
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def notebook_title(path):
    """Return the text of the notebook's first Markdown heading (its number left in)."""
    for cell in json.loads(path.read_text())["cells"]:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def notebooks_table():
    """Return the landing page's Markdown table: every notebook, its page, Binder and Colab."""
    rows = ["| # | notebook | run it |", "|---|---|---|"]
    for path in notebook_paths():
        number, _, title = notebook_title(path).partition(". ")
        if not title:
            number, title = path.name[:2].lstrip("0"), number
        rows.append(f"| {number} | [{title}](notebooks/{path.name}) | "
                    f"[Binder]({binder_url(path.name)}), [Colab]({colab_url(path.name)}) |")
    return "\n".join(rows)


def copy_notebooks():
    """Copy ../notebooks/*.ipynb to book/notebooks/ (times kept); remove copies of removed ones."""
    COPY.mkdir(exist_ok=True)
    names = {path.name for path in notebook_paths()}
    for stale in COPY.glob("*.ipynb"):
        if stale.name not in names:
            stale.unlink()
    for path in notebook_paths():
        target = COPY / path.name
        if not target.exists() or target.read_bytes() != path.read_bytes():
            shutil.copy2(path, target)


def _check_integrity(tarball, integrity):
    algorithm, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball.read_bytes()).digest()).decode()
    if digest != expected:
        raise RuntimeError(f"{tarball.name}: {algorithm} {digest}, expected {expected}")


def _extract(tarball, files, static):
    """Write the tarball's files named in `files` (a file, a folder or a glob) under `static`."""
    static.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball) as tar:
        for source, target in files.items():
            found = 0
            for member in tar.getmembers():
                if not member.isfile():
                    continue
                if member.name == source:
                    dest = static / target
                elif member.name.startswith(source + "/"):
                    dest = static / target / member.name[len(source) + 1:]
                elif "*" in source and fnmatch.fnmatch(member.name, source):
                    dest = static / target / Path(member.name).name
                else:
                    continue
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
                found += 1
            if not found:
                raise RuntimeError(f"{tarball.name} has no {source}")


def vendor_assets():
    """Put MathJax and the widget manager in book/_build/vendor (and axe-core, for the tests, in
    book/_build/axe); return True when they are there.

    Needs npm the first time (its `npm pack` fetches the pinned tarballs); returns False,
    and the site falls back to a CDN, when npm is missing or fails.
    """
    stamp = VENDOR / ".complete"
    if stamp.exists() and stamp.read_text() == json.dumps(sorted(ASSETS)):
        return True
    npm = shutil.which("npm")
    if npm is None:
        print("course_book: npm not found; pages will load MathJax and widgets from a CDN")
        return False
    shutil.rmtree(VENDOR, ignore_errors=True)
    shutil.rmtree(AXE.parent, ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            out = subprocess.run([npm, "pack", "--json", "--pack-destination", tmp, *ASSETS],
                                 cwd=tmp, check=True, capture_output=True, text=True).stdout
        except subprocess.CalledProcessError as error:
            print(f"course_book: `npm pack` failed ({error.stderr.strip()[-500:]}); "
                  "pages will load MathJax and widgets from a CDN")
            return False
        packed = json.loads(out)
        if isinstance(packed, dict):  # npm 12 keys its report by package name, npm 11 lists it
            packed = [packed[spec.rsplit("@", 1)[0]] for spec in ASSETS]
        for spec, entry in zip(ASSETS, packed):
            integrity, files = ASSETS[spec]
            tarball = Path(tmp) / entry["filename"]
            _check_integrity(tarball, integrity)
            _extract(tarball, files, BUILD)
    stamp.write_text(json.dumps(sorted(ASSETS)))
    return True


def adapt_notebook(app, docname, source):
    """Prepare a notebook for its page (the notebook file is not changed).

    Cells collapsed in JupyterLab (metadata jupyter.source_hidden, jupyter.outputs_hidden) get
    myst-nb's hide-input and hide-output tags. HTML outputs lose their links to CDN stylesheets
    (matplotlib's animations link Font Awesome 4, whose icons the site's own Font Awesome draws),
    so a page asks nothing of the network.
    """
    if not docname.startswith("notebooks/"):
        return
    nb = json.loads(source[0])
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "solution" in cell.get("metadata", {}).get(
                "tags", []):  # a solution's text: closed until clicked, like its code
            text = "".join(cell["source"])
            cell["source"] = ('<details class="solution">\n<summary>About the solution (click to '
                              f'open)</summary>\n\n{text}\n\n</details>')
        hidden = cell.get("metadata", {}).get("jupyter", {})
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if hidden.get("source_hidden") and "hide-input" not in tags:
            tags.append("hide-input")
        if hidden.get("outputs_hidden") and "hide-output" not in tags:
            tags.append("hide-output")
        describe_figure(cell)
        for output in cell.get("outputs", []):
            html = output.get("data", {}).get("text/html")
            if html is not None:
                html = "".join(html) if isinstance(html, list) else html
                output["data"]["text/html"] = CDN_STYLESHEET.sub("", html)
    source[0] = json.dumps(nb)


def describe_figure(cell):
    """Make the line printed under a cell's figure (``Figure: ...``, helpers.figures) the
    figure's alt text and caption on the page, through myst-nb's cell metadata
    (mystnb.image.alt, mystnb.figure.caption); the line itself leaves the page's text, since
    the caption says it. A cell shows at most one figure (tests/test_figures.py)."""
    outputs = cell.get("outputs", [])
    if not any("image/png" in out.get("data", {}) for out in outputs):
        return
    for out in outputs:
        if out.get("output_type") != "stream" or out.get("name") != "stdout":
            continue
        text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
        lines = text.splitlines(keepends=True)
        found = [line for line in lines if line.startswith(FIGURE)]
        if found:
            description = found[-1][len(FIGURE):].strip()
            mystnb = cell.setdefault("metadata", {}).setdefault("mystnb", {})
            mystnb["image"] = {"alt": description}
            mystnb["figure"] = {"caption": description}
            out["text"] = "".join(line for line in lines if line not in found)
    cell["outputs"] = [out for out in outputs if out.get("output_type") != "stream"
                       or (out["text"] if isinstance(out["text"], str) else "".join(out["text"]))]


def insert_table(app, docname, source):
    """Replace the landing page's marker with the table of notebooks."""
    if docname == app.config.root_doc:
        source[0] = source[0].replace(TABLE_MARKER, notebooks_table())


def book_pages_edit_in_book(app, pagename, templatename, context, doctree):
    """Point the edit button of a page written in book/ (not a notebook) at book/."""
    if not pagename.startswith("notebooks/"):
        context["doc_path"] = "book"


def setup(app):
    app.connect("source-read", adapt_notebook)
    app.connect("source-read", insert_table)
    app.connect("html-page-context", book_pages_edit_in_book)
    app.connect("build-finished", open_the_learners_edition)
    app.connect("build-finished", drop_fontawesome_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

