"""Every notebook of the learner's edition runs in real JupyterLab, driven by headless Chromium,
as a learner would run it (Run All: no solution is there to run).

A JupyterLab server starts on 127.0.0.1 with a random token, serving a temporary copy of
learner/ in a directory whose path has a space in it (the notebooks under test are never
written to), with the learner's environment (conftest.LEARNER_ENV, not the settings nbval runs
with) and the JupyterLab settings the course installs (binder/overrides.json: no news pop-up).
One JupyterLab page, in headless Chromium, opens the notebooks one after another, as a learner
would. For each notebook, it opens it (a new kernel of its own), clears its outputs, runs all
cells through JupyterLab's own command, waits for the kernel, and checks that every code cell
ran, none shows an error and no pop-up covers the page; then it closes the notebook and shuts its
kernel down. A screenshot of every notebook is saved under test-artifacts/.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from chromium import find_browser, launch
from conftest import LEARNER_ENV
from stored_outputs import differences

ROOT = Path(__file__).parent.parent
NOTEBOOKS = sorted((ROOT / "learner").glob("*.ipynb"))  # the learner's edition (test_learner.py)
ARTIFACTS = ROOT / "test-artifacts"
RUN_TIMEOUT_S = 240  # per notebook, on a 2-core machine

pytestmark = pytest.mark.browser


def write_settings(settings_dir):
    """User settings for the test's JupyterLab: render every cell, even those out of view.

    (The news pop-up is not turned off here: the course's own overrides.json must do it.)
    """
    tracker = settings_dir / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab on a copy of the notebooks; yield (base URL, token); stop it."""
    pytest.importorskip("playwright.sync_api", reason="pip install -r requirements.txt")
    if find_browser() is None:
        pytest.skip("no Chromium found: install it with `sudo apt-get install -y chromium`")
    home = tmp_path_factory.mktemp("lab") / "a learner's folder"  # a space, on purpose
    shutil.copytree(ROOT / "learner", home / "learner",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server_files = home.parent  # settings, workspaces, log: beside the learner's folder, so
    write_settings(server_files / "settings")  # that its file browser shows only learner/
    token = secrets.token_hex(24)
    # The server's port is chosen by the system (port 0) and read back from the file the server
    # writes in its runtime directory: a port chosen here beforehand could be taken meanwhile by
    # one of the kernels nbval starts, and JupyterLab would quietly move to another.
    runtime = server_files / "runtime"
    env = dict(LEARNER_ENV, JUPYTERLAB_SETTINGS_DIR=str(server_files / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(server_files / "workspaces"),
               JUPYTER_RUNTIME_DIR=str(runtime))
    if os.environ.get("PYTEST_XDIST_WORKER"):
        # nbval runs beside these tests on another process: one torch thread each, as
        # two threads on a busy core make every parallel region wait for the other.
        env["OMP_NUM_THREADS"] = "1"
    cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0",
           f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={home}",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # CI runs as root; the learner's `make lab` never does this
    log = open(server_files / "server.log", "w")
    server = subprocess.Popen(cmd, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                info = next(runtime.glob("jpserver-*.json"))  # the only server started here
                base = f"http://127.0.0.1:{json.loads(info.read_text())['port']}"
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (StopIteration, OSError, ValueError, KeyError):  # no file yet, or no answer
                if server.poll() is not None or time.monotonic() > deadline:
                    log_text = (server_files / "server.log").read_text()
                    raise RuntimeError(f"JupyterLab did not start:\n{log_text[-3000:]}") from None
                time.sleep(0.2)
        yield base, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture(scope="module")
def browser(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


def open_lab(browser, lab):
    """Return a new page showing JupyterLab, started, with a workspace of its own (reset)."""
    base, token = lab
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/lab/workspaces/course-tests?reset&token={token}")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.started",
                           timeout=90_000)
    page.evaluate("() => window.jupyterapp.restored")
    return page


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    """One JupyterLab page for every notebook, as a learner opens one notebook after another.

    A test that fails closes it; the next test then starts a new one.
    """
    pages = []

    def current():
        if not pages or pages[-1].is_closed():
            pages.append(open_lab(browser, lab))
        return pages[-1]

    yield current
    for page in pages:
        if not page.is_closed():
            page.close()


def stored_figures(path):
    """Return how many PNG figures the stored notebook shows."""
    nb = json.loads(path.read_text())
    return sum("image/png" in o.get("data", {})
               for c in nb["cells"] for o in c.get("outputs", []))


# Read through JupyterLab's own objects: the notebook shown, its cells and kernel; with
# outputs = true, every code cell's outputs too. The waits below poll it every 100 ms without
# them: only the last read needs the outputs (with every figure's PNG in them).
STATE_JS = """(outputs) => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.content || !panel.sessionContext) return null;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code'
                                           && c.model.sharedModel.getSource().trim() !== '');
  return {
    path: panel.context.path,
    ready: panel.sessionContext.isReady,
    kernel: kernel ? kernel.status : 'none',
    counts: cells.map(c => c.model.executionCount),
    outputs: outputs ? cells.map(c => c.model.outputs.toJSON()) : null,
    errors: cells.flatMap((c, i) => {
      const out = [];
      for (let k = 0; k < c.model.outputs.length; k++) {
        const o = c.model.outputs.get(k);
        if (o.type === 'error') {
          const j = o.toJSON();
          out.push('code cell ' + (i + 1) + ': ' + j.ename + ': ' + j.evalue);
        }
      }
      return out;
    }),
  };
}"""

# Close the notebook shown, without asking (its outputs are not saved), and shut its kernel
# down; the shutdown goes on while the next notebook opens.
CLOSE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  if (!panel || !panel.sessionContext) return;
  const session = panel.sessionContext.session;
  panel.dispose();
  if (session) window.jupyterapp.serviceManager.sessions.shutdown(session.id);
}"""

# Start the kernel of a notebook not open yet, as JupyterLab starts one when it opens a notebook:
# opened next, the notebook finds its kernel started, or starting, in the meantime.
PRESTART_JS = """(path) => {
  window.jupyterapp.serviceManager.sessions.startNew(
    {path, name: path.split('/').pop(), type: 'notebook', kernel: {name: 'python3'}});
}"""


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_learner_edition_runs_in_jupyterlab(lab_page, path, summary_line):
    page = lab_page()
    start = time.monotonic()
    try:
        # Opened as a double click in the file browser opens it, with a kernel of its own (the
        # first one started by JupyterLab as it opens; each next one started beforehand).
        page.evaluate("async (path) => {"
                      " await window.jupyterapp.commands.execute('docmanager:open', {path}); }",
                      f"learner/{path.name}")
        page.wait_for_function(
            f"() => {{ const s = ({STATE_JS})(); return s && s.path === 'learner/{path.name}'"
            " && s.ready && s.kernel === 'idle'; }", timeout=90_000, polling=100)
        if path != NOTEBOOKS[-1]:  # the next notebook's kernel starts while this one runs
            page.evaluate(PRESTART_JS, f"learner/{NOTEBOOKS[NOTEBOOKS.index(path) + 1].name}")
        page.evaluate("() => window.jupyterapp.commands.execute("
                      "'notebook:clear-all-cell-outputs')")
        cleared = page.evaluate(STATE_JS)
        assert all(c is None for c in cleared["counts"]), "outputs were not cleared"
        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
        page.wait_for_function(
            f"() => {{ const s = ({STATE_JS})();"
            " return s.errors.length > 0"
            "   || (s.kernel === 'idle' && s.counts.every(c => c !== null)); }",
            timeout=RUN_TIMEOUT_S * 1000, polling=100)
        state = page.evaluate(STATE_JS, True)
        n = len(state["counts"])
        assert not state["errors"], f"error outputs: {state['errors']}"
        assert state["counts"] == list(range(1, n + 1)), f"execution counts {state['counts']}"
        changed = differences(path, state["outputs"])
        assert not changed, "outputs differ from the stored ones:\n" + "\n".join(changed)
        # What the learner sees: a number in every code cell's prompt, no error rendered.
        shown = page.locator(".jp-MainAreaWidget.jp-NotebookPanel:visible")
        assert shown.count() == 1, f"{shown.count()} notebooks shown"
        prompts = shown.locator(".jp-CodeCell .jp-InputPrompt").all_inner_texts()
        assert not [p for p in prompts if "*" in p], "cells still running"
        rendered = shown.locator('[data-mime-type="application/vnd.jupyter.error"]').count()
        assert rendered == 0, f"{rendered} error outputs rendered"
        # Every figure the stored notebook shows, the learner sees drawn (a widget may add one).
        figures, stored = shown.locator(".jp-OutputArea-output img").count(), stored_figures(path)
        assert figures >= stored, f"{figures} figures drawn in JupyterLab, {stored} stored"
        # No pop-up: JupyterLab's "get notified about official Jupyter news?" stays away.
        assert page.get_by_text("official Jupyter news").count() == 0, "the news pop-up shows"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"))
        page.evaluate(CLOSE_JS)
        summary_line(f"{path.name}: {n} code cells ran in JupyterLab in "
                     f"{time.monotonic() - start:.1f} s, {figures} figure(s) drawn")
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{path.stem}.png"), full_page=True)
        page.close()  # the next notebook starts on a new page
        raise


def test_the_course_settings_turn_the_news_pop_up_off(lab):
    """JupyterLab's defaults come from the course's overrides.json, installed by make."""
    overrides = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert overrides.is_file(), "the environment lacks the course's JupyterLab settings: make it"
    assert overrides.read_text() == (ROOT / "binder" / "overrides.json").read_text()
    base, token = lab
    url = f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification?token={token}"
    with urllib.request.urlopen(url, timeout=30) as response:
        schema = json.load(response)["schema"]["properties"]
    assert schema["fetchNews"]["default"] == "false", schema["fetchNews"]
    assert schema["checkForUpdates"]["default"] is False, schema["checkForUpdates"]
