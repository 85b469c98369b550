"""The text of every email, in the recipient's language, as plain text and HTML.

The words live in the translation catalogue (tra_da/locale, keys ``email.<template>.<part>``);
this module lays them out."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from tra_da.i18n import CATALOGUE, LANGUAGES, text
from tra_da.settings import get_settings

# The parts of every template, in the order a reader meets them.
PARTS = ("subject", "intro", "body", "action", "outro")
# An email whose recipient has no known language goes out in English (as before the catalogues).
FALLBACK_LANGUAGE = "en"


# Every template the catalogue holds (``email.<template>.subject`` and the other parts).
TEMPLATES = frozenset(
    key.split(".")[1] for key in CATALOGUE if key.startswith("email.") and key.count(".") == 2
)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(template: str, locale: str, context: dict[str, Any]) -> RenderedEmail:
    if template not in TEMPLATES:
        raise KeyError(template)
    language = locale if locale in LANGUAGES else FALLBACK_LANGUAGE
    if "role" not in context and "role_en" in context:  # queued before the catalogues
        context = {**context, "role": context["role_en"]}
    parts = {part: text(f"email.{template}.{part}", language, **context) for part in PARTS}
    signature = text("email.signature", language)
    link = str(context["link"])
    if link.startswith("/"):  # links inside the app become absolute for the mail client
        link = get_settings().public_url.rstrip("/") + link
    body = "\n\n".join(
        [parts["intro"], parts["body"], f"{parts['action']}: {link}", parts["outro"], signature]
    )
    html = (
        '<div style="font-family:system-ui,sans-serif;max-width:560px;line-height:1.5">'
        f"<p>{escape(parts['intro'])}</p><p>{escape(parts['body'])}</p>"
        f'<p><a href="{escape(link, quote=True)}" style="display:inline-block;padding:10px 16px;'
        f'background:#ffc53d;color:#1f1300;border-radius:8px;text-decoration:none">'
        f"{escape(parts['action'])}</a></p>"
        f'<p style="color:#666">{escape(parts["outro"])}</p><p>{escape(signature)}</p></div>'
    )
    return RenderedEmail(subject=parts["subject"], text=body, html=html)
