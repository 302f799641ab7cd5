"""caseapp: case management for NGOs helping victims of human trafficking."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import load_config

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name=None, overrides=None):
    """Build and configure the Flask application."""
    app = Flask(__name__, instance_path=str(ROOT / "instance"))
    settings = load_config(config_name, overrides=overrides)
    app.config.update(settings)
    _default_database(app)

    from caseapp import crypto
    from caseapp.core import database, errors, i18n, logs, registry, replay, scopes, security
    from caseapp.extensions import csrf, db, limiter, login_manager, migrate

    logs.init_app(app)
    _trust_proxies(app)
    registry.init_app(app)
    scopes.init_app(app)
    db.init_app(app)
    database.init_app(app)
    crypto.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    replay.init_app(app)
    _register_features(app)
    return app


def _default_database(app):
    """Use SQLite under instance/ outside production when no URL is given."""
    if app.config.get("SQLALCHEMY_DATABASE_URI"):
        return
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(Path(app.instance_path) / "caseapp.sqlite")


def _trust_proxies(app):
    """Believe X-Forwarded-* from exactly the configured number of proxies, so limits count real clients."""
    count = app.config["TRUSTED_PROXIES"]
    if count:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)


def _register_features(app):
    """Attach every feature's blueprint and command group."""
    from caseapp import (admin, audit, auth, cases, contacts, core, demo, ops, orgs, persons, referrals, reflection,
                         retention, returns, shelters, stats, tasks)

    # stats comes early: its erasure hook reads rows that later features' hooks delete or anonymise.
    for feature in (core, stats, auth, admin, orgs, shelters, persons, cases, contacts, reflection, referrals,
                    returns, retention, tasks, demo, audit, ops):
        feature.init_app(app)
