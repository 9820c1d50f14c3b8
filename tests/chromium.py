"""The headless Chromium the browser tests drive: found on PATH, started without a sandbox."""

import shutil

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
# Root in a container needs --no-sandbox; nothing of Chromium's own may call the network.
ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")


def find_browser():
    """Return the path of a Chromium-family browser, or None."""
    return next(filter(None, (shutil.which(name) for name in BROWSERS)), None)


def launch(playwright, *args):
    """Return a headless Chromium started by ``playwright``, with ARGS and then ``args``."""
    return playwright.chromium.launch(executable_path=find_browser(), headless=True,
                                      args=[*ARGS, *args])
