"""One run at a time for periodic commands, across processes and machines.

On PostgreSQL a session-level advisory lock is held on a connection of its
own; on SQLite (one machine) an ``flock`` on a file beside the database.
Both vanish with the process, so a run that crashed never blocks the next.
"""

import fcntl
import functools
import hashlib
import os
from contextlib import ExitStack, contextmanager
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import text

from caseapp.extensions import db


class JobBusy(RuntimeError):
    """Another run of the same job holds its lock."""

    def __init__(self, name):
        self.name = name
        super().__init__(f"another run of {name!r} is in progress")


def lock_id(name):
    """A stable signed 64-bit advisory-lock number for the job ``name``."""
    return int.from_bytes(hashlib.sha256(b"caseapp job " + name.encode()).digest()[:8], "big", signed=True)


@contextmanager
def job_lock(name):
    """Hold the lock of job ``name`` for the block, or raise JobBusy at once if another run holds it."""
    if db.engine.dialect.name == "postgresql":
        with _advisory_lock(lock_id(name), name):
            yield
    else:
        with _file_lock(_lock_path(name), name):
            yield


@contextmanager
def _advisory_lock(number, name):
    with db.engine.connect() as connection:
        taken = connection.scalar(text("SELECT pg_try_advisory_lock(:n)"), {"n": number})
        connection.commit()
        if not taken:
            raise JobBusy(name)
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:n)"), {"n": number})
            connection.commit()


@contextmanager
def _file_lock(path, name):
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise JobBusy(name) from None
        yield
    finally:
        os.close(descriptor)


def _lock_path(name):
    """``<database file>.<name>.lock`` (in-memory databases: under instance/)."""
    database = db.engine.url.database
    if database and database != ":memory:":
        return f"{database}.{name}.lock"
    Path(current_app.instance_path).mkdir(parents=True, exist_ok=True)
    return str(Path(current_app.instance_path) / f"{name}.lock")


def one_run_at_a_time(name):
    """Decorator for a command: run it under ``job_lock(name)``; when busy, say so and do nothing."""

    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            with ExitStack() as stack:
                try:
                    stack.enter_context(job_lock(name))
                except JobBusy:
                    click.echo(f"Another run of {name} is in progress; this run did nothing.")
                    return None
                return command(*args, **kwargs)

        return run

    return decorate
