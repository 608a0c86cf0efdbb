"""Screenshots of the pages the browser tests visit, for docs/screenshots/. Only written
when SVAR_SCREENSHOTS names a folder (`make screenshots`), so a test run changes no files."""

import os
from pathlib import Path


def shot(page, name: str) -> None:
    folder = os.environ.get("SVAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
