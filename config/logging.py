"""Logging plumbing: no codice fiscale reaches a log line, whoever writes it (a third-party warning about a
signer's certificate writes its TINIT-... serial number)."""

import logging
from typing import Any

from governance.validators import PERSON_TAX_CODE_RE

REDACTED = "[codice fiscale omesso]"


def redact(text: str) -> str:
    return PERSON_TAX_CODE_RE.sub(REDACTED, text)


class RedactTaxCodes(logging.Filter):
    """A handler filter: the record's message (and traceback) with every codice fiscale blanked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if PERSON_TAX_CODE_RE.search(message):
            record.msg, record.args = redact(message), None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def add_to_handlers(*loggers: logging.Logger, **_: Any) -> None:
    """Put the filter on every handler of these loggers (Celery sets up the worker's own handlers)."""
    for logger in loggers or (logging.getLogger(),):
        for handler in logger.handlers:
            if not any(isinstance(f, RedactTaxCodes) for f in handler.filters):
                handler.addFilter(RedactTaxCodes())
