"""What the page benchmark needs of HTTP: a gunicorn server, and a browser-like client that signs in."""

import re
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
NAV = re.compile(r"<nav\b.*?</nav>", re.S)
HREF = re.compile(r'href="(/[^"#?]*)"')


@dataclass
class Server:
    """A running gunicorn and its base URL."""

    process: subprocess.Popen
    base: str


def start_server(env, workers):
    """gunicorn with the repository's settings on a free port, once /healthz answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", "config/gunicorn.conf.py", "--workers", str(workers),
               "--bind", f"127.0.0.1:{port}", "--error-logfile", "/dev/null", "wsgi:app"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            return Server(process, base)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def stop_server(server):
    """Stop gunicorn and wait for it."""
    server.process.terminate()
    server.process.wait(timeout=30)


class Client:
    """Cookies, CSRF tokens and timing, like a browser tab of one signed-in user."""

    def __init__(self, base, jar=None):
        self.base, self.jar = base, jar or CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.token = None

    @classmethod
    def signed_in(cls, base, code_for, email, password):
        """A client signed in through the password and authenticator-code forms."""
        client = cls(base)
        client.form("/login", {"email": email, "password": password})
        client.form("/login/verify", {"code": code_for(email)})
        if "/login" in client.get("/home").url:
            raise RuntimeError(f"could not sign in as {email}")
        client.token = CSRF.search(client.get("/home").read().decode()).group(1)
        return client

    def copy(self):
        """Another connection with the same session (for concurrent requests)."""
        clone = Client(self.base, self.jar)
        clone.token = self.token
        return clone

    def get(self, path):
        """GET ``path``; the response."""
        return self.opener.open(self.base + path, timeout=30)

    def form(self, path, fields):
        """GET the form at ``path`` and POST ``fields`` with its CSRF token."""
        token = CSRF.search(self.get(path).read().decode()).group(1)
        return self.post(path, {**fields, "csrf_token": token})

    def post(self, path, fields):
        """POST ``fields``; the response."""
        data = urllib.parse.urlencode(fields).encode()
        return self.opener.open(self.base + path, data=data, timeout=30)

    def send(self, method, path, fields):
        """One request, its body read; fails on any status but 200."""
        response = self.get(path) if method == "GET" else self.post(path, {**fields, "csrf_token": self.token})
        response.read()
        if response.status != 200:
            raise RuntimeError(f"{method} {path}: {response.status}")

    def timed(self, method, path, fields):
        """Milliseconds one request takes, body included."""
        started = time.perf_counter()
        self.send(method, path, fields)
        return (time.perf_counter() - started) * 1000

    def nav_links(self):
        """The paths the main navigation of the home page links to."""
        page = self.get("/home").read().decode()
        links = [href for nav in NAV.findall(page) for href in HREF.findall(nav)]
        return sorted({link for link in links if link not in ("/home", "/logout") and not link.startswith("/static")})
