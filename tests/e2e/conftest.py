"""Browser journeys in Debian's chromium (pytest-playwright). Screenshots go to test-artifacts/."""

import os
import re
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--lang=ru"],
        # Chromium's own widgets (the file picker's «Выберите файл») follow the locale of its environment
        "env": {**os.environ, "LANG": "ru_RU.UTF-8", "LANGUAGE": "ru"},
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "ru-RU", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def dialogs(page):
    """Every confirmation the pages ask (irreversible steps, issue 14 item 6) is answered «OK» like a user
    who meant it, and recorded: ``dialogs`` is the list of the questions asked, in order."""
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return asked


@pytest.fixture(autouse=True)
def _confirm_irreversible_steps(request):
    if "page" in request.fixturenames:
        request.getfixturevalue("dialogs")


@pytest.fixture
def shot(page, request):
    """``shot("step-name")`` saves a full-page screenshot under test-artifacts/<test>/."""
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):  # a rerun must not leave screenshots of steps that no longer exist
        old.unlink()
    counter = {"n": 0}

    def take(name):
        counter["n"] += 1
        path = folder / f"{counter['n']:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
