"""JSON-safe values for exports (the subject-access export is assembled from features' sections)."""


def json_value(value):
    """A JSON-safe form of a field value (dates as ISO 8601, enums and ids as strings)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def fields_json(record, names):
    """``record``'s fields ``names`` as a JSON-safe dict."""
    return {name: json_value(getattr(record, name)) for name in names}
