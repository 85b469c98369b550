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
    # --- errors shown to people (services raise them with these keys) ---
    "err.password_short": {
        "vi": "Mật khẩu cần ít nhất 8 ký tự.",
        "en": "Use a password of at least 8 characters.",
    },
    "err.password_long": {
        "vi": "Mật khẩu tối đa 64 ký tự.",
        "en": "Use a password of at most 64 characters.",
    },
    "err.password_bytes": {
        "vi": "Mật khẩu dài quá 72 byte khi mã hoá (chữ có dấu tính gấp đôi); hãy dùng mật khẩu ngắn hơn.",
        "en": "This password is longer than 72 bytes once encoded (accented letters count double); use a shorter one.",
    },
    "err.password_common": {
        "vi": "Mật khẩu này nằm trong 10.000 mật khẩu phổ biến nhất, rất dễ đoán; hãy chọn mật khẩu khác, ví dụ vài từ không liên quan.",
        "en": "This password is one of the 10,000 most common ones and easy to guess; choose another, for example a few unrelated words.",
    },
    "err.email_invalid": {
        "vi": "Email không hợp lệ; kiểm tra lại.",
        "en": "That is not a valid email address; check it.",
    },
    "err.email_taken": {
        "vi": "Email này đã có tài khoản; hãy đăng nhập hoặc dùng email khác.",
        "en": "An account with this email already exists; sign in or use another email.",
    },
    "err.timezone": {
        "vi": "Múi giờ không hợp lệ; chọn một múi giờ trong danh sách.",
        "en": "Unknown time zone; pick one from the list.",
    },
    "err.name": {
        "vi": "Nhập tên từ 1 đến 120 ký tự.",
        "en": "Enter a name of 1 to 120 characters.",
    },
    "err.current_password": {
        "vi": "Mật khẩu hiện tại chưa đúng; nhập lại.",
        "en": "Your current password is not right; type it again.",
    },
    "err.same_password": {
        "vi": "Hãy chọn mật khẩu mới khác mật khẩu hiện tại.",
        "en": "Choose a new password that differs from the current one.",
    },
    "err.link_invalid": {
        "vi": "Liên kết không hợp lệ; hãy yêu cầu liên kết mới.",
        "en": "This link is not valid; ask for a new one.",
    },
    "err.link_expired": {
        "vi": "Liên kết đã hết hạn; hãy yêu cầu liên kết mới.",
        "en": "This link has expired; ask for a new one.",
    },
    "err.link_used": {
        "vi": "Liên kết đã được dùng; hãy yêu cầu liên kết mới.",
        "en": "This link was already used; ask for a new one.",
    },
    "err.sign_in_limited": {
        "vi": "Đăng nhập sai quá nhiều lần. Hãy đợi {minutes} phút rồi thử lại, hoặc đặt lại mật khẩu.",
        "en": "Too many failed sign-ins. Wait {minutes} minute(s) and try again, or reset your password.",
    },
    "err.too_many_requests": {
        "vi": "Quá nhiều thao tác. Hãy đợi {minutes} phút rồi thử lại.",
        "en": "Too many requests. Wait {minutes} minute(s) and try again.",
    },
    "err.avatar_size": {
        "vi": "Ảnh lớn hơn 2 MB; hãy chọn ảnh nhỏ hơn.",
        "en": "The picture is larger than 2 MB; choose a smaller one.",
    },
    "err.avatar_type": {
        "vi": "Hãy dùng ảnh PNG, JPEG hoặc WebP.",
        "en": "Use a PNG, JPEG or WebP picture.",
    },
    "err.passwords_differ": {
        "vi": "Hai mật khẩu mới không khớp; nhập lại.",
        "en": "The two new passwords differ; type them again.",
    },
    "err.session_ended": {
        "vi": "Phiên đăng nhập đã kết thúc; hãy đăng nhập lại.",
        "en": "Your session has ended; sign in again.",
    },
    # --- sign up ---
    "signup.title": {"vi": "Tạo tài khoản mentee", "en": "Create a mentee account"},
    "signup.subtitle": {
        "vi": "Mentor và quản trị viên được ban tổ chức mời; mentee tự đăng ký tại đây.",
        "en": "Mentors and admins are invited by the programme; mentees sign up here.",
    },
    "signup.name": {"vi": "Họ và tên", "en": "Full name"},
    "signup.password_hint": {
        "vi": "8–64 ký tự; tránh mật khẩu phổ biến.",
        "en": "8–64 characters; common passwords are refused.",
    },
    "signup.timezone": {"vi": "Múi giờ", "en": "Time zone"},
    "signup.submit": {"vi": "Tạo tài khoản", "en": "Create account"},
    "signup.have_account": {
        "vi": "Đã có tài khoản? Đăng nhập",
        "en": "Already have an account? Sign in",
    },
    "login.no_account": {"vi": "Chưa có tài khoản? Đăng ký", "en": "No account yet? Sign up"},
    "login.forgot": {"vi": "Quên mật khẩu?", "en": "Forgot your password?"},
    "login.google": {"vi": "Đăng nhập bằng Google", "en": "Sign in with Google"},
    "login.google_failed": {
        "vi": "Không đăng nhập được bằng Google (đã huỷ, hết hạn hoặc email chưa xác minh). Hãy thử lại hoặc dùng email và mật khẩu.",
        "en": "Signing in with Google did not work (cancelled, expired, or the email is not verified). Try again, or use your email and password.",
    },
    "login.or": {"vi": "hoặc", "en": "or"},
    "nav.sign_up": {"vi": "Đăng ký", "en": "Sign up"},
    "nav.settings": {"vi": "Tài khoản", "en": "Account"},
    "nav.mailbox": {"vi": "Hộp thư thử", "en": "Dev mailbox"},
    # --- password reset ---
    "forgot.title": {"vi": "Quên mật khẩu", "en": "Forgot your password"},
    "forgot.subtitle": {
        "vi": "Nhập email tài khoản; chúng tôi sẽ gửi liên kết đặt lại mật khẩu (hiệu lực 30 phút).",
        "en": "Enter your account's email; we will send a reset link (valid 30 minutes).",
    },
    "forgot.submit": {"vi": "Gửi liên kết", "en": "Send the link"},
    "forgot.sent": {
        "vi": "Nếu email này có tài khoản, liên kết đặt lại mật khẩu đã được gửi. Hãy kiểm tra hộp thư.",
        "en": "If this email has an account, a reset link is on its way. Check your inbox.",
    },
    "reset.title": {"vi": "Đặt mật khẩu mới", "en": "Choose a new password"},
    "reset.new": {"vi": "Mật khẩu mới", "en": "New password"},
    "reset.repeat": {"vi": "Nhập lại mật khẩu mới", "en": "Repeat the new password"},
    "reset.submit": {"vi": "Lưu mật khẩu mới", "en": "Save the new password"},
    "reset.done": {
        "vi": "Đã đổi mật khẩu. Mọi phiên đăng nhập cũ đã kết thúc; hãy đăng nhập lại.",
        "en": "Password changed. Every earlier session has ended; sign in again.",
    },
    "reset.missing": {
        "vi": "Liên kết thiếu mã; hãy mở đúng liên kết trong email hoặc yêu cầu liên kết mới.",
        "en": "The link has no code; open the link from the email or ask for a new one.",
    },
    # --- account settings ---
    "settings.title": {"vi": "Tài khoản của tôi", "en": "My account"},
    "settings.profile": {"vi": "Hồ sơ", "en": "Profile"},
    "settings.language": {"vi": "Ngôn ngữ", "en": "Language"},
    "settings.save": {"vi": "Lưu", "en": "Save"},
    "settings.saved": {"vi": "Đã lưu.", "en": "Saved."},
    "settings.avatar": {"vi": "Ảnh đại diện", "en": "Profile picture"},
    "settings.avatar_hint": {
        "vi": "PNG, JPEG hoặc WebP, tối đa 2 MB. Kéo thả hoặc bấm để chọn.",
        "en": "PNG, JPEG or WebP, up to 2 MB. Drop a file or click to choose.",
    },
    "settings.avatar_upload": {"vi": "Tải ảnh lên", "en": "Upload picture"},
    "settings.avatar_none": {"vi": "Chưa chọn tệp nào.", "en": "No file chosen yet."},
    "settings.password": {"vi": "Đổi mật khẩu", "en": "Change password"},
    "settings.password_hint": {
        "vi": "Các phiên đăng nhập khác sẽ kết thúc.",
        "en": "Your other sessions will be signed out.",
    },
    "settings.current": {"vi": "Mật khẩu hiện tại", "en": "Current password"},
    "settings.password_done": {
        "vi": "Đã đổi mật khẩu; các phiên khác đã đăng xuất.",
        "en": "Password changed; your other sessions are signed out.",
    },
    "settings.everywhere": {"vi": "Đăng xuất mọi nơi", "en": "Sign out everywhere"},
    "settings.everywhere_hint": {
        "vi": "Kết thúc mọi phiên đăng nhập, kể cả phiên này và ứng dụng di động.",
        "en": "Ends every session, this one and the mobile app included.",
    },
    # --- guards ---
    "forbidden.title": {
        "vi": "Bạn không có quyền xem trang này",
        "en": "You are not allowed to see this page",
    },
    "forbidden.body": {
        "vi": "Trang này dành cho vai trò khác. Nếu bạn nghĩ đây là nhầm lẫn, hãy liên hệ quản trị viên chương trình.",
        "en": "This page is for another role. If you think this is a mistake, contact your programme admin.",
    },
    # --- dev mailbox ---
    "mailbox.title": {"vi": "Hộp thư thử nghiệm", "en": "Development mailbox"},
    "mailbox.subtitle": {
        "vi": "Chưa cấu hình SendGrid hay SMTP nên email được lưu ở đây thay vì gửi đi.",
        "en": "Neither SendGrid nor SMTP is configured, so email is kept here instead of sent.",
    },
    "mailbox.empty": {"vi": "Chưa có email nào.", "en": "No email yet."},
    "mailbox.to": {"vi": "Đến", "en": "To"},
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


def describe(error: object, language: str) -> str:
    """A service error in the reader's language (its English message when not catalogued)."""
    key = getattr(error, "key", None)
    if key and key in CATALOGUE:
        lang = language if language in LANGUAGES else DEFAULT_LANGUAGE
        return CATALOGUE[key][lang].format(**getattr(error, "params", {}))
    return str(getattr(error, "message", error))


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
