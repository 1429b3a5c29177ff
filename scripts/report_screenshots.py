#!/usr/bin/env python3
"""Writes a PNG screenshot of each section of the HTML decision report, for review by eye
(`make report-screenshots`; not committed). Usage: report_screenshots.py [MODEL] [OUT_DIR]
Without MODEL the embedded default model is used; OUT_DIR defaults to build/report-screenshots.
Uses Debian's chromium through Playwright (no browser download)."""
import shutil
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

import adva


def main() -> int:
    model = adva.load(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "-" else adva.default_model()
    out = Path(sys.argv[2] if len(sys.argv) > 2 else "build/report-screenshots")
    out.mkdir(parents=True, exist_ok=True)
    page_file = out / "report.html"
    model.report(page_file, interactive=True)
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(page_file.resolve().as_uri())
        for section in page.locator("section").all():
            name = section.get_attribute("id")
            section.screenshot(path=str(out / f"{name}.png"))
            print(out / f"{name}.png")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
