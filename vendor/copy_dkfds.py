"""Copy dkfds' built CSS, the fonts and icons that CSS uses, and its licence into caseapp/static/vendor/dkfds.

Run by `make vendor` after npm has installed the version pinned in vendor/package.json.
Only the theme-neutral stylesheet is copied (not the borger.dk or virk.dk themes), and only the
files its url() references name, so the committed copy stays small.
"""

import json
import os
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "node_modules" / "dkfds"
TARGET = HERE.parent / "caseapp" / "static" / "vendor" / "dkfds"
STYLESHEET = Path("dist/css/dkfds.min.css")
URL = re.compile(r"url\(['\"]?([^'\")]+)['\"]?\)")


def referenced_files(css_text):
    """The relative paths (from the CSS folder) that the stylesheet's url()s name, without data: URIs."""
    return sorted({url.split("?")[0].split("#")[0] for url in URL.findall(css_text) if not url.startswith("data:")})


def copy(relative):
    """Copy one file of the package's dist folder to the same place under TARGET."""
    source = SOURCE / "dist" / relative
    destination = TARGET / relative
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


def main():
    """Replace TARGET with a fresh copy of the pinned dkfds release."""
    version = json.loads((SOURCE / "package.json").read_text())["version"]
    shutil.rmtree(TARGET, ignore_errors=True)
    css_text = (SOURCE / STYLESHEET).read_text()
    # The stylesheet's map would point at sources we do not ship.
    (TARGET / "css").mkdir(parents=True)
    (TARGET / "css" / "dkfds.min.css").write_text(re.sub(r"/\*# sourceMappingURL=.*?\*/", "", css_text))
    for url in referenced_files(css_text):
        copy(Path(os.path.normpath(Path("css") / url)))
    # The icon sprite, for <svg><use href="…/all-svg-icons.svg#name">, and the font's own licence.
    copy(Path("img/all-svg-icons.svg"))
    copy(Path("fonts/IBMPlexSans/complete/woff2/license.txt"))
    shutil.copyfile(SOURCE / "LICENSE.md", TARGET / "LICENSE.md")
    print(f"dkfds {version} copied to {TARGET.relative_to(HERE.parent)}", file=sys.stderr)


if __name__ == "__main__":
    main()
