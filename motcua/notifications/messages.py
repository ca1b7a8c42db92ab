"""What a notification says (Vietnamese by default): the subject and text of the e-mail, SMS and in-app notice."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.dossiers.constants import State, Verb
from motcua.notifications.progress import EXPECTED


@dataclass(frozen=True)
class Message:
    subject: str
    text: str
    sms: str


def dossier_link(code: str, *, account: bool = True) -> str:
    """Absolute address of the citizen's dossier page (for e-mails and SMS); without an account, the public
    tracking page the slips' QR codes open."""
    if not account:
        return f"{settings.DOSSIERS_TRACKING_URL}{code}/"
    return settings.PUBLIC_URL + reverse("portal:my_dossier", kwargs={"code": code})


def headline(verb: str, state: str) -> str:
    """One line saying what happened, in the active language."""
    try:
        action = str(Verb(verb).label)
    except ValueError:
        action = verb
    try:
        status = str(State(state).label)
    except ValueError:
        status = state
    if action.casefold() == status.casefold():
        return status
    return _("%(action)s — status: %(status)s") % {"action": action, "status": status}


def message_for(
    *, code: str, procedure: str, verb: str, state: str, reason: str, name: str, account: bool = True
) -> Message:
    """The notice of one move, in the platform's language (Vietnamese unless configured otherwise)."""
    with override(settings.LANGUAGE_CODE):
        link = dossier_link(code, account=account)
        line = headline(verb, state)
        expected = str(EXPECTED.get(state, ""))
        subject = _("Dossier %(code)s: %(line)s") % {"code": code, "line": line}
        text = render_to_string(
            "notifications/email.txt",
            {
                "name": name,
                "code": code,
                "procedure": procedure,
                "line": line,
                "expected": expected,
                "reason": reason,
                "link": link,
            },
        )
        sms = _("Dossier %(code)s: %(line)s. Details: %(link)s") % {"code": code, "line": line, "link": link}
    return Message(subject=subject, text=text, sms=sms)
