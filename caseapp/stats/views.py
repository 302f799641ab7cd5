"""Statistics pages: make a release, see its tables and charts, download its files again.

A coordinator releases for the own organisation, a statistics coordinator
for the whole installation; each sees only the releases of that scope.
Pages show protected counts only, never a person.
"""

import json
import uuid
from importlib import resources

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from caseapp.auth.models import Role
from caseapp.auth.services import AccountError
from caseapp.core.database import writes_on_read
from caseapp.core.permissions import roles_required
from caseapp.core.signals import record_changed
from caseapp.extensions import db
from caseapp.stats import STATS_ROLES, accounts, bp, charts, formats, ledger, services
from caseapp.stats.forms import PeriodForm, StatisticsCoordinatorForm

MIMETYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json",
             "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# An SVG is only ever shown through <img>; opened on its own it may style itself and nothing else.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"


@bp.get("/")
@roles_required(*STATS_ROLES)
def index():
    """The releases of the user's scope and the form for a new one."""
    return render_template("stats/index.html", form=PeriodForm(),
                           releases=ledger.releases_in_scope(ledger.scope_of(current_user)))


@bp.post("/releases")
@roles_required(*STATS_ROLES)
def create():
    """Make a release of the chosen period; refused when it cannot be protected."""
    form = PeriodForm()
    if not form.validate_on_submit():
        return render_template("stats/index.html", form=form,
                               releases=ledger.releases_in_scope(ledger.scope_of(current_user))), 400
    first, last = form.period()
    request = services.ReleaseRequest(first, last, ledger.scope_of(current_user), str(get_locale()), current_user.id)
    try:
        release = services.make_release(request)
    except services.ReleaseRefused:
        db.session.rollback()
        flash(_("The release was refused: its figures could not be protected against earlier releases. "
                "Nothing was published."), "error")
        return redirect(url_for("stats.index"))
    _changed("stats.release", release)
    db.session.commit()
    return redirect(url_for("stats.show", release_id=release.id))


@bp.get("/releases/<uuid:release_id>")
@roles_required(*STATS_ROLES)
def show(release_id: uuid.UUID):
    """A release's tables, charts, parameters and file checksums."""
    release = _load(release_id)
    doc = _document(release)
    return render_template("stats/show.html", release=release, doc=doc, about=formats.about(doc),
                           charts=[(name, charts.alt_text(name)) for name in charts.CHARTS],
                           shown_value=formats.shown_value)


@bp.get("/releases/<uuid:release_id>/files/<any(csv, xlsx, json):fmt>")
@roles_required(*STATS_ROLES)
@writes_on_read
def download(release_id: uuid.UUID, fmt):
    """A file of the release, byte for byte as it was made."""
    release = _load(release_id)
    item = ledger.release_file(release, fmt) or abort(404)
    _changed("stats.download", release, format=fmt)
    db.session.commit()
    response = current_app.response_class(item.content, mimetype=MIMETYPES[fmt])
    response.headers["Content-Disposition"] = f'attachment; filename="{item.filename}"'
    return response


@bp.get("/releases/<uuid:release_id>/charts/<any(trend, exploitation, bodies):name>.svg")
@roles_required(*STATS_ROLES)
def chart(release_id: uuid.UUID, name):
    """One chart of the release as SVG, for an <img> on the release page."""
    release = _load(release_id)
    trend = []
    if name == "trend":
        annual = ledger.annual_releases(release.organisation_id, release.period_to.year)
        trend = [(r.period_from.year, _document(r)) for r in annual]
    response = current_app.response_class(charts.chart(name, _document(release), trend), mimetype="image/svg+xml")
    response.headers["Content-Security-Policy"] = SVG_POLICY
    return response


@bp.get("/schema/release-1.json")
def schema():
    """The published JSON Schema of the JSON files (no data, so no sign-in)."""
    text = resources.files("caseapp.stats").joinpath("release.schema.json").read_text("utf-8")
    return current_app.response_class(text, mimetype="application/schema+json")


@bp.get("/coordinators")
@roles_required(Role.SYSADMIN)
def coordinators():
    """The installation's statistics coordinators."""
    return render_template("stats/coordinators.html", users=accounts.statistics_coordinators())


@bp.route("/coordinators/new", methods=["GET", "POST"])
@roles_required(Role.SYSADMIN)
def new_coordinator():
    """Create a statistics coordinator; the temporary password is shown once."""
    form = StatisticsCoordinatorForm()
    if form.validate_on_submit():
        try:
            user, password = accounts.add_statistics_coordinator(
                email=form.email.data, display_name=form.display_name.data, locale=form.locale.data)
        except AccountError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            record_changed.send(current_app._get_current_object(), actor_id=current_user.id, organisation_id=None,
                                action="user.create", target_type="user", target_id=user.id,
                                detail={"role": Role.STATISTICS.value})
            db.session.commit()
            return render_template("admin/password_issued.html", user=user, password=password)
    return render_template("stats/new_coordinator.html", form=form)


def _load(release_id):
    return ledger.get_release(release_id, ledger.scope_of(current_user)) or abort(404)


def _document(release):
    return json.loads(ledger.release_file(release, "json").content)


def _changed(action, release, **detail):
    record_changed.send(current_app._get_current_object(), actor_id=current_user.id,
                        organisation_id=release.organisation_id, action=action, target_type="release",
                        target_id=release.id, detail={"from": release.period_from.isoformat(),
                                                      "to": release.period_to.isoformat(), **detail})
