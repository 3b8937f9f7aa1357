"""Exceptions and warning categories of clvmodels.

Every error a user can trigger with bad data or bad settings is one of these, with a one-line
message that says what is wrong, where, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "ClvModelsWarning",
    "ConvergenceWarning",
    "DataValidationError",
    "DataWarning",
    "NotFittedError",
    "OutputError",
    "ParameterError",
]


class DataValidationError(ValueError):
    """Input data is unusable as given.

    The message names the file, the column, the first offending rows with their values, how many
    more rows are affected and how to fix it, on one line.
    """


class ParameterError(ValueError):
    """A setting passed to a function or estimator is out of range or of the wrong type."""


class OutputError(ParameterError):
    """Results cannot be written: disk full, permission denied, read-only folder.

    A subclass of ParameterError, so command lines report it as one line with exit code 2.
    """


class NotFittedError(ValueError, AttributeError):
    """An estimator was used before ``fit`` (same bases as scikit-learn's NotFittedError)."""


class ClvModelsWarning(UserWarning):
    """Base class of the warnings clvmodels issues."""


class DataWarning(ClvModelsWarning):
    """Rows were excluded or altered while reading data; the message counts them.

    The message (``str(warning)``) is English. ``texts`` holds the message in every language it
    was written in (``{"en": ..., "zh": ...}``; only ``"en"`` for a warning made from a plain
    string); :meth:`text` picks one. ``warnings.warn(instance)`` passes the instance through,
    so a caught warning's ``message`` keeps its texts.
    """

    def __init__(self, *args: object, texts: Mapping[str, str] | None = None) -> None:
        super().__init__(*args)
        english = str(args[0]) if len(args) == 1 else str(self)
        self.texts: dict[str, str] = {"en": english, **(dict(texts) if texts else {})}

    def text(self, lang: str = "en") -> str:
        """The message in ``lang``, or in English when it has no text in that language."""
        return self.texts.get(lang) or self.texts["en"]


class ConvergenceWarning(ClvModelsWarning):
    """An optimizer did not converge; the message names the likely cause."""
