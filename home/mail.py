"""Mail from the site: Dutch templates with a text and an HTML part, sent through
django-tasks after the transaction commits, so a rolled-back request sends nothing and a
slow mail server never makes a visitor wait.

Templates live in templates/mail/: <name>_subject.txt, <name>.txt and optionally <name>.html.
"""

import base64
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from django_tasks import task

from .links import site_root_url

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


def render_text(name: str, context: dict) -> str:
    """Render a plain-text template without HTML escaping: mail text is not HTML."""
    return get_template(name).template.render(Context(context, autoescape=False))


def render_mail(template: str, context: dict) -> tuple[str, str, str | None]:
    context = {"site_url": site_root_url(), **context}
    subject = " ".join(render_text(f"mail/{template}_subject.txt", context).split())
    text = render_text(f"mail/{template}.txt", context)
    try:
        html = render_to_string(f"mail/{template}.html", context)
    except TemplateDoesNotExist:
        html = None
    return subject, text, html


def send_templated_mail(
    *,
    template: str,
    to: list[str],
    context: dict,
    attachments: list[Attachment] = (),
    headers: dict | None = None,
) -> None:
    """Render the mail now and send it once the current transaction commits."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    subject, text, html = render_mail(template, context)
    payload = {
        "subject": subject,
        "text": text,
        "html": html,
        "to": recipients,
        "headers": headers or {},
        "attachments": [
            [item.filename, base64.b64encode(item.content).decode("ascii"), item.mimetype]
            for item in attachments
        ],
    }
    transaction.on_commit(lambda: send_mail_task.enqueue(payload))


@task()
def send_mail_task(payload: dict) -> None:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["text"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
        headers=payload.get("headers") or None,
    )
    if payload.get("html"):
        message.attach_alternative(payload["html"], "text/html")
    for filename, content, mimetype in payload.get("attachments", []):
        message.attach(filename, base64.b64decode(content), mimetype)
    message.send()
