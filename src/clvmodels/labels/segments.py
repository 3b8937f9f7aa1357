"""Labels: segments."""

LABELS: dict[str, dict[str, str]] = {}
