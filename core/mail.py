"""Outgoing e-mail with the server's answer kept per message.

- With `EMAIL_HOST` set, `AnsweringSMTPBackend` sends through SMTP and records on each message the server's
  reply to the message data ("250 2.0.0 Ok: queued as ..."), or the refusal.
- With none set (the embedded default), `KeptEmailBackend` keeps every message as a `KeptEmail` row that the app
  shows, with its text, attachments and the whole .eml.
`send(message)` returns what happened to one message, whichever backend is in use (Django's test backend too).
"""

import smtplib
from dataclasses import dataclass
from typing import Any

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.utils.translation import gettext as _

from core.models import KeptEmail


@dataclass(frozen=True)
class Sent:
    accepted: bool
    answer: str
    kept: KeptEmail | None = None


class KeptEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        count = 0
        for message in email_messages:
            kept = KeptEmail.objects.create(
                from_email=message.from_email,
                to=", ".join(message.recipients()),
                subject=message.subject,
                body=message.body,
                attachments=[
                    {"filename": name, "mimetype": mimetype, "size": len(content)}
                    for name, content, mimetype in (
                        (a.filename, a.content, a.mimetype) if hasattr(a, "filename") else a
                        for a in message.attachments
                    )
                ],
                raw=message.message().as_bytes(),
            )
            message.kept = kept
            message.server_answer = _("trattenuto nell'applicazione: nessun server SMTP configurato")
            count += 1
        return count


class AnsweringSMTPBackend(SMTPBackend):
    def _send(self, email_message: EmailMessage) -> bool:
        if not email_message.recipients():
            return False
        encoding = email_message.encoding or "utf-8"
        from_email = sanitize_address(email_message.from_email, encoding)
        recipients = [sanitize_address(address, encoding) for address in email_message.recipients()]
        data = email_message.message().as_bytes(linesep="\r\n")
        connection = self.connection
        assert connection is not None  # open() was called by send_messages
        try:
            connection.ehlo_or_helo_if_needed()
            code, reply = connection.mail(from_email)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, reply, from_email)
            refused = {}
            for recipient in recipients:
                code, reply = connection.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = (code, reply)
            if len(refused) == len(recipients):
                connection.rset()
                raise smtplib.SMTPRecipientsRefused(refused)
            code, reply = connection.data(data)
            if code != 250:
                connection.rset()
                raise smtplib.SMTPDataError(code, reply)
        except smtplib.SMTPException as error:
            email_message.server_answer = str(error)  # type: ignore[attr-defined]
            if not self.fail_silently:
                raise
            return False
        email_message.server_answer = f"{code} {reply.decode(errors='replace')}"  # type: ignore[attr-defined]
        return True


def send(message: EmailMessage) -> Sent:
    """Send one message; never raises for a refusal (it is the answer recorded)."""
    connection = get_connection(fail_silently=True)
    try:
        delivered = connection.send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        return Sent(False, str(error))
    answer = getattr(message, "server_answer", "")
    kept = getattr(message, "kept", None)
    if not delivered:
        return Sent(False, answer or _("il server non ha accettato il messaggio"))
    return Sent(True, answer or _("accettato"), kept)
