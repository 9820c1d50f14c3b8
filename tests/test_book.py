"""The course as a website: `make book` builds it, and every notebook's page works in Chromium.

One build (`make book`, which makes .venv-book the first time), one static file server on
127.0.0.1, one browser that may not reach anything else (every other request is refused and
counted). Each notebook's page must show every figure the notebook stores, play its
animations, render its saved widgets and its math without the network, collapse its
solutions, link only to pages and anchors that exist (a link between notebooks goes to the
other notebook's page, not to an .ipynb file), raise no JavaScript error, and have Binder,
Colab and edit buttons that open this notebook in the repository named in pyproject.toml,
the one place for the repository's address, which the README's links must use too. Each page
is opened once, every check done on that load.

The audits (marked `audit`: axe-core on every page, the bytes of a first visit, the phone's
navigation, the keyboard) are about how the site serves its readers, not about the course's
outputs: `make check-website` runs them (so does .ci/run), `make test` leaves them out.
"""

import functools
import gzip
import http.server
import importlib.util
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from test_learner import solution_lines

from helpers.figures import PREFIX as FIGURE  # the line printed under a figure

from chromium import find_browser, launch

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
HTML = ROOT / "book" / "_build" / "html"
VENDORED = ROOT / "book" / "_build" / "vendor" / ".complete"
AXE = ROOT / "book" / "_build" / "axe" / "axe.min.js"  # axe-core, fetched with the site's assets
STRAIGHT = str.maketrans("‘’“”", "''\"\"")
PHONE = {"width": 375, "height": 667}
FIRST_VISIT_MAX_MB = 1.5  # the bytes a reader's browser downloads for one page, empty cache
BUILD_TIMEOUT_S = 600  # the first build also makes .venv-book
ANIMATION = "_anim_img"  # the id prefix of a matplotlib animation's frame (Animation.to_jshtml)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def repository():
    """Return (owner/name, address) of the repository, from pyproject.toml's [project.urls]."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    address = project["urls"]["Repository"].rstrip("/")
    match = re.fullmatch(r"https://github\.com/([^/\s]+/[^/\s]+)", address)
    assert match, f"[project.urls] Repository is {address!r}, not https://github.com/OWNER/NAME"
    return match.group(1), address


def test_the_readme_links_use_the_address_in_pyproject():
    slug, _ = repository()
    readme = (ROOT / "README.md").read_text()
    binder = re.findall(r"https://mybinder\.org/v2/gh/([^/\s)]+/[^/\s)]+)/", readme)
    colab = re.findall(r"https://colab\.research\.google\.com/github/([^/\s)]+/[^/\s)]+)/", readme)
    assert binder, "the README has no Binder link"
    wrong = sorted({s for s in binder + colab if s != slug})
    assert not wrong, (f"the README's Binder/Colab links name {wrong}, pyproject.toml's "
                       f"[project.urls] Repository names {slug}: make them agree")


def outputs(path):
    """Return every output stored in the notebook, with the metadata of its cell."""
    nb = json.loads(path.read_text())
    return [(cell.get("metadata", {}), out) for cell in nb["cells"]
            for out in cell.get("outputs", [])]


def html_of(data):
    html = data.get("text/html", "")
    return "".join(html) if isinstance(html, list) else html


def stored_figures(path):
    """Return how many PNG figures the notebook shows (an HTML or widget output shows neither)."""
    return sum("image/png" in o.get("data", {}) and "text/html" not in o.get("data", {})
               and WIDGET_VIEW not in o.get("data", {}) for _, o in outputs(path))


def stored_animations(path):
    return sum(html_of(o.get("data", {})).count(f'id="{ANIMATION}') for _, o in outputs(path))


def stored_widgets(path):
    return sum(WIDGET_VIEW in o.get("data", {}) for _, o in outputs(path))


def stored_descriptions(path):
    """Return the description printed under each figure of the notebook, in order."""
    found = []
    for _, out in outputs(path):
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            text = "".join(out["text"]) if isinstance(out["text"], list) else out["text"]
            found += [line[len(FIGURE):].strip() for line in text.splitlines()
                      if line.startswith(FIGURE)]
    return found


def not_a_description(alt):
    """Return why ``alt`` is not a description of a figure (None when it is one)."""
    if len(alt.split()) < 6:
        return f"too short to describe anything: {alt!r}"
    if re.search(r"[0-9a-f]{16}|\.(png|jpe?g|svg)\b|_images/", alt):
        return f"a file name or a hash, not a description: {alt!r}"
    return None


def axe_violations(page):
    """Run axe-core on the page; return its critical and serious violations, one line each."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate("""async () => {
        // preload: false, or axe fetches the stylesheets again and resolves their @import
        // against the wrong folder (a 404 that is axe's, not the site's)
        const result = await axe.run(document, {resultTypes: ["violations"], preload: false});
        return result.violations.filter(v => ["critical", "serious"].includes(v.impact))
            .map(v => `${v.id} (${v.impact}, ${v.nodes.length}): ${v.help}; ` +
                 v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")


def first_visit_mb(page):
    """Return the megabytes a first visit of the open page downloads (empty cache): the page
    and every resource it loaded (scripts, styles, fonts, figures), as the server sent them
    (compressed). The Resource Timing API gives each one's size even when this browser had
    it cached already (checked: the same sums as with a fresh browser context each page)."""
    page.evaluate("() => document.fonts.ready.then(() => true)")
    return page.evaluate("""() => performance.getEntriesByType("navigation")
        .concat(performance.getEntriesByType("resource"))
        .reduce((sum, entry) => sum + entry.encodedBodySize, 0)""") / 1e6


def notebook_links(path):
    """Return the notebooks the notebook's Markdown links to, e.g. ['05_exercises.ipynb']."""
    nb = json.loads(path.read_text())
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return re.findall(r"\]\(([^)#\s/]+\.ipynb)(?:#[^)]*)?\)", text)


def collapsed_cells(path, key):
    nb = json.loads(path.read_text())
    return sum(bool(c.get("metadata", {}).get("jupyter", {}).get(key))
               and (key == "source_hidden" or bool(c.get("outputs")))
               for c in nb["cells"] if c["cell_type"] == "code")


def build_command():
    """Return `make book`; or, when this environment has the website's packages (those of
    requirements-book.txt), the Sphinx command `make book` runs, which needs no .venv-book."""
    if all(importlib.util.find_spec(name) for name in ("sphinx", "myst_nb", "sphinx_book_theme")):
        return [sys.executable, "-m", "sphinx", "-E", "-q", "book", str(HTML)]
    if shutil.which("make") is None:
        pytest.fail("`make` is needed to build the website: sudo apt-get install -y make")
    return ["make", "book"]


@pytest.fixture(scope="module")
def site():
    """Build the site; return (seconds it took, the command, Sphinx's warnings)."""
    if shutil.which("npm") is None and not VENDORED.exists():
        pytest.skip("no npm: the website could not bundle MathJax and the widget manager "
                    "(sudo apt-get install -y npm)")
    command = build_command()
    shutil.rmtree(HTML, ignore_errors=True)
    start = time.monotonic()
    build = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                           timeout=BUILD_TIMEOUT_S)
    seconds = time.monotonic() - start
    assert build.returncode == 0, (
        f"{' '.join(command)} failed:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}")
    assert VENDORED.exists(), f"MathJax and the widget manager were not bundled:\n{build.stdout}"
    warnings = [line for line in build.stderr.splitlines() if "WARNING" in line]
    how = "`make book`" if command[0] == "make" else "Sphinx in the tests' environment"
    return seconds, how, warnings


@pytest.mark.browser
def test_make_book_builds_the_site(site, summary_line):
    seconds, how, warnings = site
    assert (HTML / "index.html").is_file()
    megabytes = sum(f.stat().st_size for f in HTML.rglob("*") if f.is_file()) / 1e6
    summary_line(f"website: {how} took {seconds:.1f} s, {megabytes:.1f} MB in "
                 f"{HTML.relative_to(ROOT)}, {len(warnings)} Sphinx warning(s)"
                 + "".join(f"\n  {w}" for w in warnings))


COMPRESSED = {".html", ".js", ".css", ".svg", ".json", ".txt", ".map"}  # as GitHub Pages does


@pytest.fixture(scope="module")
def server(site):
    """Serve book/_build/html on 127.0.0.1, text files gzip-compressed as a web host sends
    them (so that the bytes a page costs are the bytes a reader downloads); yield its URL."""
    cache = {}

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            file = Path(self.translate_path(self.path))
            if (file.suffix not in COMPRESSED or not file.is_file()
                    or "gzip" not in self.headers.get("Accept-Encoding", "")):
                return super().do_GET()
            if file not in cache:
                cache[file] = gzip.compress(file.read_bytes(), 6)
            body = cache[file]
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(file)))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(HTML)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    thread.join(timeout=10)
    httpd.server_close()


@pytest.fixture(scope="module")
def browser(server):
    pytest.importorskip("playwright.sync_api", reason="pip install -r requirements.txt")
    if find_browser() is None:
        pytest.skip("no Chromium found: install it with `sudo apt-get install -y chromium`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p, "--disable-component-update", "--disable-sync", "--no-first-run",
                   # No name resolves but the site's: nothing else is reached.
                   "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1")
        yield b
        b.close()


@pytest.fixture(scope="module")
def context(browser):
    """One browser context for every page: the site's scripts are fetched and compiled once."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def open_page(context, server):
    """Return a function that opens a page of the site; it returns the page, the JavaScript
    errors it raises or logs (a file that fails to load is one) and the requests it makes to
    anything but the site."""
    pages = []

    def open_(path):
        page = context.new_page()
        errors, outside = [], []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(f"console: {message.text}")
                if message.type == "error" else None)
        page.on("response", lambda response: errors.append(
            f"{response.status}: {response.url}") if response.status >= 400 else None)
        page.on("request", lambda request: None if request.url.startswith((server + "/", "data:"))
                else outside.append(request.url))
        page.goto(f"{server}/{path}", wait_until="load")
        # MathJax typesets after the load event: wait until it has.
        page.wait_for_function("() => window.MathJax === undefined || !window.MathJax.startup"
                               " || window.MathJax.startup.promise.then(() => true)")
        pages.append(page)
        return page, errors, outside

    yield open_
    for page in pages:
        page.close()


_IDS = {}


def ids_in(file):
    """Return the element ids of one page of the built site."""
    if file not in _IDS:
        _IDS[file] = set(re.findall(r'\sid="([^"]+)"', file.read_text()))
    return _IDS[file]


def broken_links(page, server):
    """Return the page's links to files or anchors of the site that do not exist."""
    broken = []
    for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
        if not href.startswith(server + "/"):
            continue
        url = urlsplit(href)
        file = HTML / unquote(url.path).lstrip("/")
        if url.path.endswith("/"):
            file = file / "index.html"
        if not file.is_file():
            broken.append(href)
        elif file.suffix == ".ipynb" and "/_sources/" not in url.path:
            broken.append(f"{href} (a notebook file, not its page)")
        elif url.fragment.endswith(".ipynb"):  # how myst-nb writes a link it could not resolve
            broken.append(f"{href} (a link to {unquote(url.fragment)}, not in notebooks/)")
        elif url.fragment and file.suffix == ".html" and unquote(url.fragment) not in ids_in(file):
            broken.append(f"{href} (no such anchor)")
    return broken


@pytest.mark.browser
@pytest.mark.parametrize("index", range(len(NOTEBOOKS)), ids=[p.name for p in NOTEBOOKS])
def test_the_notebook_page(open_page, server, index, summary_line):
    path = NOTEBOOKS[index]
    name, stem = path.name, path.stem
    page, errors, outside = open_page(f"notebooks/{stem}.html")

    # Every stored figure, drawn (loaded, not broken); animations and widgets apart.
    figures = page.eval_on_selector_all(
        ".cell_output img",
        f"""imgs => imgs.filter(i => !i.closest('.jupyter-widgets')
                               && !(i.id || '').startsWith('{ANIMATION}'))
                     .map(i => i.complete && i.naturalWidth > 0)""")
    assert len(figures) == stored_figures(path), (
        f"{len(figures)} figures on the page, {stored_figures(path)} stored in {name}")
    assert all(figures), f"{figures.count(False)} figure(s) did not load"

    # Every figure described to a reader who cannot see it: its alt text and its caption are
    # the description printed under it in the notebook (helpers.figures, book/course_book.py).
    described = page.eval_on_selector_all(
        ".cell_output img",
        f"""imgs => imgs.filter(i => !i.closest('.jupyter-widgets')
                               && !(i.id || '').startsWith('{ANIMATION}'))
                     .map(i => {{
                         const caption = i.closest('figure')?.querySelector('figcaption');
                         const text = caption ? caption.cloneNode(true) : null;
                         text?.querySelectorAll('.headerlink').forEach(a => a.remove());
                         return [i.getAttribute('alt') || '', text ? text.textContent : ''];
                     }})""")
    descriptions = stored_descriptions(path)
    assert [alt for alt, _ in described] == descriptions, (
        "the figures' alt texts are not the descriptions printed under them in the notebook")
    def plain(text):  # the page's typography curls quotes and joins three dots
        return " ".join(text.translate(STRAIGHT).replace("…", "...").split())
    assert [plain(caption) for _, caption in described] == [plain(d) for d in descriptions], (
        "the figures' captions are not their descriptions")
    alts = page.eval_on_selector_all("article img", "imgs => imgs.map(i => i.getAttribute('alt'))")
    wrong = [why for why in map(not_a_description, [alt or "" for alt in alts]) if why]
    assert not wrong, f"images without a real description: {wrong}"

    # Each animation shows a frame, and plays: its frame changes after Play.
    frames = page.locator(f'img[id^="{ANIMATION}"]')
    assert frames.count() == stored_animations(path), "animations on the page vs stored"
    for k in range(frames.count()):
        frame = frames.nth(k)
        first = frame.get_attribute("src")
        assert first and frame.evaluate("i => i.naturalWidth") > 0, f"animation {k + 1}: no frame"
        frame.locator("xpath=ancestor::div[contains(@class, 'animation')][1]").locator(
            'button[title="Play"]').click()
        page.wait_for_function("([img, src]) => img.getAttribute('src') !== src",
                               arg=[frame.element_handle(), first], timeout=10_000)
        frame.locator("xpath=ancestor::div[contains(@class, 'animation')][1]").locator(
            'button[title="Pause"]').click()

    # Each saved widget is drawn from the notebook's widget state.
    drawn = page.eval_on_selector_all(
        f'script[type="{WIDGET_VIEW}"]',
        "views => views.map(v => v.parentElement.querySelector('.jupyter-widgets') !== null)")
    assert len(drawn) == stored_widgets(path) and all(drawn), f"widgets drawn: {drawn}"

    # Math is typeset by the site's own MathJax, without errors.
    text = path.read_text()
    if re.search(r"\$[^$\s][^$]*\$", text):
        assert page.locator("mjx-container").count() > 0, "no math typeset"
    assert page.locator("mjx-merror").count() == 0, "MathJax could not typeset some math"

    # Solutions collapsed as in JupyterLab.
    for key, where in (("source_hidden", "above-input"), ("outputs_hidden", "below-input")):
        folded = page.locator(f"details.hide.{where}:not([open])").count()
        assert folded == collapsed_cells(path, key), f"{key}: {folded} collapsed on the page"
    # The text a reader sees without a click holds no line of a solution (a closed <details>
    # is not rendered, so innerText leaves it out).
    visible = page.locator("article").inner_text()
    shown = sorted(line for line in solution_lines(nbformat.read(path, as_version=4))
                   if line in visible)
    assert not shown, f"lines of a solution visible without a click: {shown[:5]}"

    # Links: every link of the site resolves; links between notebooks go to their pages.
    assert not broken_links(page, server)
    for target in notebook_links(path):
        page_of = target.removesuffix(".ipynb") + ".html"
        assert page.locator(f'article a[href^="{page_of}"]').count(), f"no link to {page_of}"

    # Previous and next, in the order of the notebooks (the first goes back to the landing page).
    previous = NOTEBOOKS[index - 1].stem + ".html" if index else "../index.html"
    assert page.locator("a.left-prev").get_attribute("href") == previous
    if index + 1 < len(NOTEBOOKS):
        following = NOTEBOOKS[index + 1].stem + ".html"
        assert page.locator("a.right-next").get_attribute("href") == following

    # Launch, edit and download buttons open this notebook, in the repository of pyproject.toml.
    slug, address = repository()
    hrefs = set(page.eval_on_selector_all(".article-header-buttons a[href]",
                                          "els => els.map(a => a.href)"))
    expected = {
        f"https://mybinder.org/v2/gh/{slug}/main?urlpath=lab/tree/learner/{name}",
        f"https://colab.research.google.com/github/{slug}/blob/main/learner/{name}",
        f"https://github.com/{slug}/edit/main/notebooks/{name}",
        f"{server}/_sources/notebooks/{name}",
        address,
    }
    assert expected <= hrefs, f"missing buttons: {sorted(expected - hrefs)}"
    # the download button serves the learner's edition (no solution in it)
    learner = ROOT / "learner" / name
    assert (HTML / "_sources" / "notebooks" / name).read_bytes() == learner.read_bytes()

    if index == 1:  # on a wide screen, the toggle hides and shows the sidebar (on this load)
        sidebar_toggles(page)

    assert not errors, f"JavaScript errors: {errors}"
    assert not outside, f"the page asked for resources elsewhere: {outside}"
    summary_line(f"{name}: page with {len(figures)} figure(s), {frames.count()} animation(s), "
                 f"{len(drawn)} widget(s)")


def sidebar_toggles(page):
    """On a wide screen, the sidebar's toggle hides the sidebar, then shows it again."""
    from playwright.sync_api import expect

    sidebar = page.locator("#pst-primary-sidebar")
    toggle = page.locator("button.primary-toggle").filter(visible=True)
    assert toggle.count() == 1, f"{toggle.count()} visible toggles of the sidebar"
    expect(sidebar).to_be_visible()
    toggle.click()
    expect(sidebar).to_be_hidden(timeout=5_000)
    toggle.click()
    expect(sidebar).to_be_visible(timeout=5_000)


# The audits: how the site serves every reader (accessibility, phones, keyboards, weight), not
# what the course's outputs are. `make check-website` runs them (.ci/run does), `make test` not:
# each page is opened once in either run.


@pytest.mark.browser
@pytest.mark.audit
@pytest.mark.parametrize("path", ["index.html"] + [f"notebooks/{p.stem}.html" for p in NOTEBOOKS],
                         ids=["index"] + [p.name for p in NOTEBOOKS])
def test_the_page_passes_the_audits(open_page, path, summary_line):
    page, errors, outside = open_page(path)
    # axe-core (the engine of browsers' accessibility audits): nothing critical or serious.
    violations = axe_violations(page)
    assert not violations, "axe: " + "\n".join(violations)
    # Light: a reader's first visit (empty cache, text compressed) stays within the budget.
    megabytes = first_visit_mb(page)
    assert megabytes <= FIRST_VISIT_MAX_MB, (
        f"a first visit downloads {megabytes:.2f} MB, more than {FIRST_VISIT_MAX_MB} MB")
    assert not errors and not outside, (errors, outside)
    summary_line(f"{path}: {megabytes:.2f} MB on a first visit, axe finds nothing serious")


@pytest.mark.browser
def test_the_landing_page_lists_every_notebook(open_page, server):
    page, errors, outside = open_page("index.html")
    slug, _ = repository()
    rows = page.locator("article table tbody tr")
    assert rows.count() == len(NOTEBOOKS)
    for row, path in zip(rows.all(), NOTEBOOKS):
        hrefs = row.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        assert hrefs == [
            f"notebooks/{path.stem}.html",
            f"https://mybinder.org/v2/gh/{slug}/main?urlpath=lab/tree/learner/{path.name}",
            f"https://colab.research.google.com/github/{slug}/blob/main/learner/{path.name}",
        ]
    assert not broken_links(page, server)
    first = f"notebooks/{NOTEBOOKS[0].stem}.html"
    assert page.locator("a.right-next").get_attribute("href") == first
    assert not errors and not outside, (errors, outside)


@pytest.mark.browser
def test_search_finds_pages_offline(open_page):
    page, errors, outside = open_page("search.html?q=receptive")
    page.wait_for_selector("#search-results li", timeout=20_000)
    found = page.eval_on_selector_all("#search-results li a", "els => els.map(a => a.href)")
    assert any("07_receptive_fields.html" in href for href in found), found
    assert not errors and not outside, (errors, outside)


@pytest.mark.browser
@pytest.mark.audit
def test_on_a_phone_the_toggle_opens_the_table_of_contents(browser, server):
    """At 375 px the sidebar is a dialog the toggle in the article's header opens; from it a
    reader reaches the next notebook. The page does not scroll sideways: code scrolls inside
    its block, figures fit the width."""
    ctx = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{server}/notebooks/{NOTEBOOKS[1].stem}.html", wait_until="load")
        toc = page.locator("#pst-primary-sidebar-modal")
        assert not toc.is_visible(), "the table of contents is open before the toggle is touched"
        toggles = page.locator("button.primary-toggle").filter(visible=True)
        assert toggles.count() == 1, f"{toggles.count()} visible toggles of the sidebar"
        toggles.first.tap()
        link = toc.locator(f'a[href$="{NOTEBOOKS[2].stem}.html"]')
        link.wait_for(state="visible", timeout=5_000)
        assert toc.evaluate("dialog => dialog.open"), "the toggle did not open the sidebar"
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.querySelector('#pst-primary-sidebar-modal').open")
        toggles.first.tap()
        link.wait_for(state="visible", timeout=5_000)
        link.tap()
        page.wait_for_url(f"**/{NOTEBOOKS[2].stem}.html")

        for path in (NOTEBOOKS[8], NOTEBOOKS[10]):  # wide figures, long lines of code
            page.goto(f"{server}/notebooks/{path.stem}.html", wait_until="load")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= PHONE["width"], f"{path.name}: the page scrolls sideways ({width} px)"
            wide = page.eval_on_selector_all(
                "article img", f"imgs => imgs.filter(i => i.getBoundingClientRect().right"
                               f" > {PHONE['width']}).length")
            assert wide == 0, f"{path.name}: {wide} figure(s) wider than the screen"
            scroll = page.eval_on_selector_all(
                "article div.highlight pre",
                "pres => pres.filter(p => p.scrollWidth > p.clientWidth)"
                "            .map(p => getComputedStyle(p).overflowX)")
            assert scroll and all(o in ("auto", "scroll") for o in scroll), (
                f"{path.name}: long code does not scroll inside its block: {scroll}")
        assert not errors, errors
    finally:
        ctx.close()


@pytest.mark.browser
@pytest.mark.audit
def test_the_keyboard_reaches_the_navigation_and_the_solutions(context, server):
    """Tab alone reaches the table of contents, the next page and every solution's toggle."""
    path = NOTEBOOKS[5]  # 05_exercises: solutions behind toggles
    page = context.new_page()
    try:
        page.goto(f"{server}/notebooks/{path.stem}.html", wait_until="load")
        toggles = page.locator("article details summary").count()
        assert toggles, f"{path.name} has no solution toggle on its page"
        reached = []
        for _ in range(400):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("""() => {
                const e = document.activeElement;
                return [e.tagName, e.closest('.bd-sidebar-primary') !== null,
                        e.closest('article details') !== null, e.className || '',
                        e.getAttribute('href') || ''];
            }"""))
            if reached[-1][0] == "BODY" and len(reached) > 1:
                break
        assert any(tag == "A" and in_toc for tag, in_toc, *_ in reached), (
            "Tab never reaches the table of contents")
        assert any("right-next" in cls for *_, cls, _ in reached), "Tab never reaches Next"
        summaries = sum(tag == "SUMMARY" and in_details for tag, _, in_details, *_ in reached)
        assert summaries == toggles, f"Tab reaches {summaries} of the {toggles} solution toggles"
    finally:
        page.close()
