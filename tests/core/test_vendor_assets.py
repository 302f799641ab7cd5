"""The committed design system: one pinned version, every file its CSS names served locally, its licence along."""

import json
import re

from caseapp import ROOT

VENDOR = ROOT / "caseapp" / "static" / "vendor" / "dkfds"
URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


def test_version_is_pinned_exactly_in_one_place():
    """vendor/package.json names dkfds at one exact version, not a range."""
    version = json.loads((ROOT / "vendor" / "package.json").read_text())["dependencies"]["dkfds"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), version


def test_every_file_the_stylesheet_names_is_committed_and_local():
    """Each url() of dkfds.min.css is a committed file under static/vendor/dkfds (no CDN, no missing font)."""
    css = VENDOR / "css" / "dkfds.min.css"
    urls = {url.split("?")[0].split("#")[0] for url in URL.findall(css.read_text()) if not url.startswith("data:")}
    assert urls, "the stylesheet names no fonts or icons"
    assert not [url for url in urls if "//" in url], "the stylesheet loads something from another site"
    missing = [url for url in urls if not (css.parent / url).resolve().is_file()]
    assert not missing, f"named by the CSS but not committed: {missing}"


def test_licences_come_along():
    """dkfds' licence and the font's licence are committed beside the files."""
    assert "MIT" in (VENDOR / "LICENSE.md").read_text()
    assert "SIL Open Font License" in (VENDOR / "fonts" / "IBMPlexSans" / "complete" / "woff2" / "license.txt").read_text()


def test_no_branded_theme_is_shipped():
    """Only the theme-neutral stylesheet is served: caseapp is not borger.dk or virk.dk."""
    assert sorted(path.name for path in (VENDOR / "css").iterdir()) == ["dkfds.min.css"]
