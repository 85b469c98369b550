"""The text of every email, in the recipient's language, as plain text and HTML."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from tra_da.settings import get_settings

TEMPLATES: dict[str, dict[str, dict[str, str]]] = {
    "invitation": {
        "en": {
            "subject": "You are invited to Trà Đá",
            "intro": "Hello {name},",
            "body": "{inviter} added you to the Trà Đá mentoring programme as a {role_en}. "
            "Choose a password to sign in; the link works once, for {days} days.",
            "action": "Choose my password",
            "outro": "Questions? Reply to your programme admin.",
        },
        "vi": {
            "subject": "Lời mời tham gia Trà Đá",
            "intro": "Chào {name},",
            "body": "{inviter} đã thêm bạn vào chương trình mentoring Trà Đá với vai trò "
            "{role_vi}. Hãy chọn mật khẩu để đăng nhập; liên kết chỉ dùng được một lần, trong "
            "{days} ngày.",
            "action": "Chọn mật khẩu",
            "outro": "Có câu hỏi? Hãy liên hệ quản trị viên chương trình.",
        },
    },
    "booking_confirmed": {
        "en": {
            "subject": "Booked: your session on {when}",
            "intro": "Hello {name},",
            "body": "Your session with {other} is booked for {when} ({zone}). Meeting link: "
            "{meeting}",
            "action": "See my sessions",
            "outro": "The calendar invitation is attached. Need to change it? Cancel or "
            "reschedule from My sessions.",
        },
        "vi": {
            "subject": "Đã đặt: buổi hẹn lúc {when}",
            "intro": "Chào {name},",
            "body": "Buổi hẹn của bạn với {other} đã được đặt lúc {when} ({zone}). Link phòng "
            "họp: {meeting}",
            "action": "Xem các buổi của tôi",
            "outro": "Lời mời lịch được đính kèm. Cần thay đổi? Huỷ hoặc đổi lịch trong mục Buổi "
            "của tôi.",
        },
    },
    "booking_rescheduled": {
        "en": {
            "subject": "Moved: your session is now on {when}",
            "intro": "Hello {name},",
            "body": "Your session with {other} has moved to {when} ({zone}). Meeting link: "
            "{meeting}",
            "action": "See my sessions",
            "outro": "The earlier time is free again.",
        },
        "vi": {
            "subject": "Đã đổi lịch: buổi hẹn chuyển sang {when}",
            "intro": "Chào {name},",
            "body": "Buổi hẹn của bạn với {other} đã chuyển sang {when} ({zone}). Link phòng "
            "họp: {meeting}",
            "action": "Xem các buổi của tôi",
            "outro": "Giờ cũ đã được giải phóng.",
        },
    },
    "booking_cancelled": {
        "en": {
            "subject": "Cancelled: your session on {when}",
            "intro": "Hello {name},",
            "body": "Your session with {other} on {when} ({zone}) is cancelled. Reason: {reason}",
            "action": "See my sessions",
            "outro": "You can book another session from the mentor directory.",
        },
        "vi": {
            "subject": "Đã huỷ: buổi hẹn lúc {when}",
            "intro": "Chào {name},",
            "body": "Buổi hẹn của bạn với {other} lúc {when} ({zone}) đã bị huỷ. Lý do: {reason}",
            "action": "Xem các buổi của tôi",
            "outro": "Bạn có thể đặt buổi khác trong danh sách mentor.",
        },
    },
    "reminder_24h": {
        "en": {
            "subject": "Tomorrow: your session with {other} at {when}",
            "intro": "Hello {name},",
            "body": "A reminder: your session with {other} is on {when} ({zone}). Meeting link: "
            "{meeting}",
            "action": "See my sessions",
            "outro": "Can't make it? Cancel or reschedule now, so the time goes to someone else.",
        },
        "vi": {
            "subject": "Ngày mai: buổi hẹn với {other} lúc {when}",
            "intro": "Chào {name},",
            "body": "Nhắc bạn: buổi hẹn với {other} diễn ra lúc {when} ({zone}). Link phòng họp: "
            "{meeting}",
            "action": "Xem các buổi của tôi",
            "outro": "Không tham gia được? Hãy huỷ hoặc đổi lịch ngay để người khác có thể đặt.",
        },
    },
    "reminder_1h": {
        "en": {
            "subject": "In an hour: your session with {other}",
            "intro": "Hello {name},",
            "body": "Your session with {other} starts at {when} ({zone}). Join here: {meeting}",
            "action": "See my sessions",
            "outro": "Have a good session!",
        },
        "vi": {
            "subject": "Còn một giờ: buổi hẹn với {other}",
            "intro": "Chào {name},",
            "body": "Buổi hẹn của bạn với {other} bắt đầu lúc {when} ({zone}). Vào phòng họp: "
            "{meeting}",
            "action": "Xem các buổi của tôi",
            "outro": "Chúc buổi trao đổi hiệu quả!",
        },
    },
    "payment_refunded": {
        "en": {
            "subject": "Refund of {amount} on its way",
            "intro": "Hello {name},",
            "body": "Your session with {other} on {when} ({zone}) was cancelled, and {amount} "
            "is being refunded to the card you paid with. Banks usually take 5 to 10 days to "
            "show it.",
            "action": "See my sessions",
            "outro": "The refund's progress is shown on My sessions.",
        },
        "vi": {
            "subject": "Đang hoàn {amount} cho bạn",
            "intro": "Chào {name},",
            "body": "Buổi hẹn của bạn với {other} lúc {when} ({zone}) đã bị huỷ và {amount} "
            "đang được hoàn về thẻ bạn đã dùng để thanh toán. Ngân hàng thường mất 5 đến 10 ngày "
            "để hiển thị khoản hoàn tiền.",
            "action": "Xem các buổi của tôi",
            "outro": "Tiến trình hoàn tiền được hiển thị trong mục Buổi của tôi.",
        },
    },
    "payment_refunded_manual": {
        "en": {
            "subject": "Refund of {amount} on its way",
            "intro": "Hello {name},",
            "body": "Your programme is refunding {amount} for your session with {other} on "
            "{when} ({zone}) to the card you paid with. Banks usually take 5 to 10 days to show "
            "it.",
            "action": "See my sessions",
            "outro": "The refund's progress is shown on My sessions.",
        },
        "vi": {
            "subject": "Đang hoàn {amount} cho bạn",
            "intro": "Chào {name},",
            "body": "Chương trình đang hoàn {amount} cho buổi hẹn của bạn với {other} lúc {when} "
            "({zone}) về thẻ bạn đã dùng để thanh toán. Ngân hàng thường mất 5 đến 10 ngày để "
            "hiển thị.",
            "action": "Xem các buổi của tôi",
            "outro": "Tiến trình hoàn tiền được hiển thị trong mục Buổi của tôi.",
        },
    },
    "payment_late_refunded": {
        "en": {
            "subject": "Your payment came too late: {amount} refunded",
            "intro": "Hello {name},",
            "body": "Your payment of {amount} for the session with {other} on {when} ({zone}) "
            "arrived after the time held for you ran out, so the session was not booked. We are "
            "refunding the full {amount} to your card; banks usually take 5 to 10 days to show "
            "it.",
            "action": "Book another time",
            "outro": "Sorry for the trouble. Pick a time again and pay within the time shown.",
        },
        "vi": {
            "subject": "Thanh toán đến trễ: đã hoàn {amount}",
            "intro": "Chào {name},",
            "body": "Khoản thanh toán {amount} cho buổi hẹn với {other} lúc {when} ({zone}) "
            "đến sau khi thời gian giữ chỗ đã hết, nên buổi hẹn chưa được đặt. Chúng tôi đang "
            "hoàn toàn bộ {amount} về thẻ của bạn; ngân hàng thường mất 5 đến 10 ngày để hiển "
            "thị.",
            "action": "Đặt giờ khác",
            "outro": "Xin lỗi vì sự bất tiện. Hãy chọn lại giờ và thanh toán trong thời gian "
            "hiển thị.",
        },
    },
    "password_reset": {
        "en": {
            "subject": "Reset your Trà Đá password",
            "intro": "Hello {name},",
            "body": "Someone (hopefully you) asked to reset the password of your Trà Đá account. "
            "The link below works once, for {minutes} minutes.",
            "action": "Choose a new password",
            "outro": "If you did not ask for this, ignore this email: your password stays "
            "as it is.",
        },
        "vi": {
            "subject": "Đặt lại mật khẩu Trà Đá",
            "intro": "Chào {name},",
            "body": "Có người (hy vọng là bạn) vừa yêu cầu đặt lại mật khẩu tài khoản Trà Đá. "
            "Liên kết dưới đây chỉ dùng được một lần, trong {minutes} phút.",
            "action": "Chọn mật khẩu mới",
            "outro": "Nếu không phải bạn, hãy bỏ qua email này: mật khẩu của bạn không đổi.",
        },
    },
}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(template: str, locale: str, context: dict[str, Any]) -> RenderedEmail:
    texts = TEMPLATES[template].get(locale) or TEMPLATES[template]["en"]
    parts = {key: value.format(**context) for key, value in texts.items()}
    link = str(context["link"])
    if link.startswith("/"):  # links inside the app become absolute for the mail client
        link = get_settings().public_url.rstrip("/") + link
    text = "\n\n".join(
        [parts["intro"], parts["body"], f"{parts['action']}: {link}", parts["outro"], "— Trà Đá"]
    )
    html = (
        '<div style="font-family:system-ui,sans-serif;max-width:560px;line-height:1.5">'
        f"<p>{escape(parts['intro'])}</p><p>{escape(parts['body'])}</p>"
        f'<p><a href="{escape(link, quote=True)}" style="display:inline-block;padding:10px 16px;'
        f'background:#ffc53d;color:#1f1300;border-radius:8px;text-decoration:none">'
        f"{escape(parts['action'])}</a></p>"
        f'<p style="color:#666">{escape(parts["outro"])}</p><p>— Trà Đá</p></div>'
    )
    return RenderedEmail(subject=parts["subject"], text=text, html=html)
