"""Emails the partners app sends: invitations and agreement alerts.

They go through Django's mail backend (console by default; a file per message with
``SINERGI_EMAIL_BACKEND=file``; SMTP in production) and are written in the site's default
language, since nothing tells us the recipient's.
"""

from __future__ import annotations

import smtplib
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


class MailNotSent(Exception):  # noqa: N818 - reads as what happened
    """The mail backend refused or could not reach its server."""


def mail_send(*, to: list[str], template: str, context: dict[str, Any]) -> None:
    """Render ``partners/email/<template>_subject.txt`` and ``_body.txt`` and send them."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"partners/email/{template}_subject.txt", context)
        body = render_to_string(f"partners/email/{template}_body.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, to)
    except (smtplib.SMTPException, OSError) as error:
        raise MailNotSent(str(error)) from error
