"""gunicorn settings for caseapp: ``gunicorn -c config/gunicorn.conf.py wsgi:app``.

The app reads its own settings from CASEAPP_* variables; these are the
server's. Command-line flags override them (e.g. ``--bind``, ``--workers``).
"""

import gc
import multiprocessing

# Behind Caddy or nginx on the same host; the proxy terminates TLS.
bind = "127.0.0.1:8000"
# Threads let a worker wait on the database for one request while serving another.
workers = min(2 * multiprocessing.cpu_count() + 1, 9)
worker_class = "gthread"
threads = 4
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that slow leaks never build up.
max_requests = 2000
max_requests_jitter = 200
# No access log: gunicorn's includes query strings. The app logs every request itself,
# as JSON with its request id and without the query string.
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "caseapp.core.logs.PrivateJsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                            "rename_fields": {"asctime": "time", "levelname": "level"}}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "INFO", "handlers": []},
    "loggers": {"gunicorn.error": {"handlers": ["stderr"], "level": "INFO", "propagate": False}},
}


def post_worker_init(worker):
    """Freeze the objects of the loaded app, so that the garbage collector's full passes skip them."""
    # A full pass otherwise walks every object of SQLAlchemy, Babel, Jinja and the app: about 150 ms on a
    # 2-core machine, every few dozen requests, which was the slowest 5% of every page (bench/RESULTS.md).
    gc.freeze()
