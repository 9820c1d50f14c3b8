"""Binder builds what the course needs: checked with repo2docker, without Docker."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pinning import direct_pins

ROOT = Path(__file__).parent.parent
BINDER = ROOT / "binder"


def test_binder_pins_are_the_courses_pins():
    root, binder = direct_pins("requirements.txt"), direct_pins("binder/requirements.txt")
    assert {"torch", "torchvision", "d2l", "jupyterlab"} <= set(binder)
    # Binder installs the course, as make lab does: requirements.txt holds the course alone
    assert set(binder) == set(root), f"binder, requirements.txt: {set(binder) ^ set(root)}"
    for name, version in binder.items():
        assert root.get(name) == version, f"{name}: binder pins {version}, root {root.get(name)}"


def test_binder_uses_cpu_torch_and_python_311():
    assert (BINDER / "runtime.txt").read_text().strip() == "python-3.11"
    reqs = (BINDER / "requirements.txt").read_text()
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in reqs


def clean_copy(dest):
    """Copy the files git tracks (as they are in the work tree) to ``dest``."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)


def test_repo2docker_dockerfile_installs_the_course(tmp_path):
    exe = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    if exe is None:
        pytest.skip("repo2docker is not installed: pip install -r requirements.txt")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs a git checkout to make a clean copy of the repository")
    repo = tmp_path / "repo"
    repo.mkdir()
    clean_copy(repo)
    result = subprocess.run([exe, "--no-build", "--debug", "."], cwd=repo, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    log = result.stdout + result.stderr
    assert "python=3.11" in log, "repo2docker did not pick Python 3.11 from binder/runtime.txt"
    assert re.search(r'pip install --no-cache-dir -r "binder/requirements.txt"', log)
    assert "./binder/postBuild" in log, "the Dockerfile does not run binder/postBuild"
    post_build = (repo / "binder" / "postBuild").read_text()
    assert re.search(r"pip install .*-e \.", post_build), "postBuild does not install helpers"
