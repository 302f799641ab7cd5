"""The pages a signed-in user's main navigation links to, read from the home page."""

import re

NAV = re.compile(r"<nav\b.*?</nav>", re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


def nav_paths(client):
    """Sorted paths linked from every <nav> of the home page, without the home page itself."""
    page = client.get("/home").get_data(as_text=True)
    links = {href for nav in NAV.findall(page) for href in HREF.findall(nav)}
    return sorted(link for link in links if link != "/home" and not link.startswith("/static"))
