"""The one translation catalogue: every string a person reads, in Tiếng Việt and English."""

from __future__ import annotations

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"

CATALOGUE: dict[str, dict[str, str]] = {
    "app.name": {"vi": "Trà Đá", "en": "Trà Đá"},
    "app.tagline": {
        "vi": "Nền tảng mentoring cho chương trình của bạn",
        "en": "The mentoring platform for your programme",
    },
    "nav.home": {"vi": "Trang chủ", "en": "Home"},
    "nav.dashboard": {"vi": "Tổng quan", "en": "Dashboard"},
    "nav.sign_in": {"vi": "Đăng nhập", "en": "Sign in"},
    "nav.sign_out": {"vi": "Đăng xuất", "en": "Sign out"},
    "nav.menu": {"vi": "Mở menu", "en": "Open menu"},
    "nav.close_menu": {"vi": "Đóng menu", "en": "Close menu"},
    "nav.main": {"vi": "Điều hướng chính", "en": "Main navigation"},
    "nav.language": {"vi": "English", "en": "Tiếng Việt"},
    "nav.language_label": {"vi": "Chuyển sang tiếng Anh", "en": "Switch to Vietnamese"},
    "nav.theme": {"vi": "Chế độ sáng/tối", "en": "Light or dark mode"},
    "role.admin": {"vi": "Quản trị viên", "en": "Admin"},
    "role.mentor": {"vi": "Mentor", "en": "Mentor"},
    "role.mentee": {"vi": "Mentee", "en": "Mentee"},
    "landing.title": {
        "vi": "Gặp đúng mentor, đúng lúc, không nhầm lịch.",
        "en": "The right mentor, at the right time, never double-booked.",
    },
    "landing.lead": {
        "vi": "Trà Đá giúp mentee tìm mentor và đặt lịch 1:1 kèm link Google Meet, giúp mentor "
        "theo dõi tiến bộ của từng mentee, và giúp ban tổ chức vận hành cả chương trình trong vài "
        "phút.",
        "en": "Trà Đá lets mentees find a mentor and book a 1:1 with a Google Meet link, lets "
        "mentors follow each mentee's progress, and lets organisers run the whole programme in "
        "minutes.",
    },
    "landing.cta": {"vi": "Đăng nhập để bắt đầu", "en": "Sign in to get started"},
    "landing.cta_dashboard": {"vi": "Vào trang tổng quan", "en": "Go to your dashboard"},
    "landing.mentee.title": {"vi": "Cho mentee", "en": "For mentees"},
    "landing.mentee.body": {
        "vi": "Tìm mentor theo lĩnh vực và chuyên môn, đặt lịch trống, nhận lời mời lịch qua "
        "email.",
        "en": "Find mentors by track and expertise, book an open slot, get a calendar invite "
        "by email.",
    },
    "landing.mentor.title": {"vi": "Cho mentor", "en": "For mentors"},
    "landing.mentor.body": {
        "vi": "Mở lịch rảnh, xem mentee của bạn, ghi nhận từng buổi và xu hướng điểm số.",
        "en": "Publish availability, see your mentees, log every session and follow score trends.",
    },
    "landing.admin.title": {"vi": "Cho ban tổ chức", "en": "For programme admins"},
    "landing.admin.body": {
        "vi": "Tạo mentor, chia nhóm và khoá, phân công trong giới hạn, nắm sức khoẻ chương trình.",
        "en": "Create mentors, organise groups and cohorts, assign within capacity, see the "
        "programme's health.",
    },
    "login.title": {"vi": "Đăng nhập", "en": "Sign in"},
    "login.subtitle": {
        "vi": "Dùng email và mật khẩu của tài khoản Trà Đá.",
        "en": "Use the email and password of your Trà Đá account.",
    },
    "login.email": {"vi": "Email", "en": "Email"},
    "login.password": {"vi": "Mật khẩu", "en": "Password"},
    "login.submit": {"vi": "Đăng nhập", "en": "Sign in"},
    "login.working": {"vi": "Đang đăng nhập…", "en": "Signing in…"},
    "login.missing": {
        "vi": "Nhập email và mật khẩu rồi thử lại.",
        "en": "Enter your email and password, then try again.",
    },
    "login.wrong": {
        "vi": "Email và mật khẩu không khớp với tài khoản nào. Kiểm tra lại cả hai.",
        "en": "That email and password do not match an account. Check both and try again.",
    },
    "login.inactive": {
        "vi": "Tài khoản này đã bị vô hiệu hoá; hãy liên hệ quản trị viên chương trình.",
        "en": "This account is deactivated; contact your programme admin.",
    },
    "login.welcome": {"vi": "Chào mừng trở lại", "en": "Welcome back"},
    "common.loading": {"vi": "Đang tải…", "en": "Loading…"},
    "common.none": {"vi": "Chưa có", "en": "None yet"},
    "dashboard.title": {"vi": "Tổng quan", "en": "Dashboard"},
    "dashboard.hello": {"vi": "Xin chào", "en": "Hello"},
    "dashboard.times_in": {"vi": "Giờ hiển thị theo múi giờ", "en": "Times shown in"},
    "dashboard.mentors": {"vi": "Mentor", "en": "Mentors"},
    "dashboard.mentees": {"vi": "Mentee", "en": "Mentees"},
    "dashboard.unassigned": {"vi": "Mentee chưa có mentor", "en": "Unassigned mentees"},
    "dashboard.groups": {"vi": "Nhóm", "en": "Groups"},
    "dashboard.open_slots": {"vi": "Lịch trống 14 ngày tới", "en": "Open slots, next 14 days"},
    "dashboard.support_flags": {"vi": "Cần hỗ trợ", "en": "Needs support"},
    "dashboard.my_mentees": {"vi": "Mentee của tôi", "en": "My mentees"},
    "dashboard.upcoming": {"vi": "Buổi sắp tới", "en": "Upcoming sessions"},
    "dashboard.no_upcoming": {
        "vi": "Chưa có buổi nào sắp tới.",
        "en": "No upcoming sessions yet.",
    },
    "dashboard.with": {"vi": "với", "en": "with"},
    "dashboard.join": {"vi": "Vào phòng họp", "en": "Join meeting"},
    "dashboard.my_mentor": {"vi": "Mentor của tôi", "en": "My mentor"},
    "dashboard.no_mentor": {
        "vi": "Bạn chưa được phân công mentor; ban tổ chức sẽ sớm liên hệ.",
        "en": "You have no mentor assigned yet; your programme admin will be in touch.",
    },
    "dashboard.goals": {"vi": "Mục tiêu", "en": "Goals"},
    "dashboard.utilisation": {"vi": "Mức sử dụng mentor", "en": "Mentor utilisation"},
    "notfound.title": {"vi": "Không tìm thấy trang", "en": "Page not found"},
    "notfound.body": {
        "vi": "Địa chỉ này không tồn tại hoặc đã được chuyển đi. Kiểm tra lại đường dẫn hoặc về "
        "trang chủ.",
        "en": "This address does not exist or has moved. Check the link or go back home.",
    },
    "notfound.home": {"vi": "Về trang chủ", "en": "Back to home"},
    "footer.text": {
        "vi": "Trà Đá — mentoring 1:1 cho cộng đồng Việt.",
        "en": "Trà Đá — 1:1 mentoring for the Vietnamese community.",
    },
}


WEEKDAYS = {
    "vi": ("T2", "T3", "T4", "T5", "T6", "T7", "CN"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}


def translations(language: str) -> dict[str, str]:
    lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
    return {key: texts[lang] for key, texts in CATALOGUE.items()}


def pick_language(stored: str, accept_language: str) -> str:
    """The user's choice if made, else the browser's first supported language, else Vietnamese."""
    if stored in LANGUAGES:
        return stored
    for part in accept_language.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE
