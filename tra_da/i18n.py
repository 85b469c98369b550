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
    "nav.more": {"vi": "Thêm", "en": "More"},
    "nav.menu": {"vi": "Mở menu", "en": "Open menu"},
    "nav.close_menu": {"vi": "Đóng menu", "en": "Close menu"},
    "nav.main": {"vi": "Điều hướng chính", "en": "Main navigation"},
    "nav.language": {"vi": "English", "en": "Tiếng Việt"},
    "nav.language_label": {"vi": "Chuyển sang tiếng Anh", "en": "Switch to Vietnamese"},
    "nav.theme": {"vi": "Chế độ sáng/tối", "en": "Light or dark mode"},
    "nav.skip": {"vi": "Bỏ qua, đến nội dung chính", "en": "Skip to main content"},
    "common.table": {
        "vi": "Bảng (cuộn ngang để xem hết)",
        "en": "Table (scroll sideways to see all)",
    },
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
    "connection.title": {
        "vi": "Mất kết nối tới máy chủ Trà Đá",
        "en": "No connection to the Trà Đá server",
    },
    "connection.body": {
        "vi": "Thao tác lúc này (đăng nhập, đặt lịch, lưu) sẽ không được thực hiện. Hãy tải lại "
        "trang; nếu thông báo vẫn còn, máy chủ có thể đang khởi động lại: thử lại sau vài phút.",
        "en": "What you do now (signing in, booking, saving) will not go through. Reload the "
        "page; if this message stays, the server may be restarting: try again in a few minutes.",
    },
    "connection.reload": {"vi": "Tải lại trang", "en": "Reload the page"},
    "common.none": {"vi": "Chưa có", "en": "None yet"},
    "common.close": {"vi": "Đóng", "en": "Close"},
    "dashboard.title": {"vi": "Tổng quan", "en": "Dashboard"},
    "dashboard.hello": {"vi": "Xin chào", "en": "Hello"},
    "dashboard.times_in": {"vi": "Giờ hiển thị theo múi giờ", "en": "Times shown in"},
    "dashboard.mentors": {"vi": "Mentor", "en": "Mentors"},
    "dashboard.mentees": {"vi": "Mentee", "en": "Mentees"},
    "dashboard.unassigned": {"vi": "Mentee chưa có mentor", "en": "Unassigned mentees"},
    "dashboard.groups": {"vi": "Nhóm", "en": "Groups"},
    "dashboard.open_slots": {"vi": "Lịch trống 14 ngày tới", "en": "Open slots, next 14 days"},
    "dashboard.support_flags": {"vi": "Cần hỗ trợ", "en": "Needs support"},
    "dashboard.sessions_week": {"vi": "Buổi trong tuần này", "en": "Sessions this week"},
    "dashboard.no_support": {
        "vi": "Không có mentee nào cần hỗ trợ.",
        "en": "No mentee needs support right now.",
    },
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
    "err.sign_in_busy": {
        "vi": "Đang có một lần đăng nhập khác từ tài khoản hoặc địa chỉ này. Hãy đợi một giây rồi thử lại.",
        "en": "Another sign-in from this account or address is in progress. Wait a second and try again.",
    },
    "err.server_busy": {
        "vi": "Máy chủ đang bận. Hãy đợi vài giây rồi thử lại.",
        "en": "The server is busy. Wait a few seconds and try again.",
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
    "err.unexpected": {
        "vi": "Đã có lỗi xảy ra (mã {ref}). Hãy thử lại; nếu vẫn lỗi, gửi mã này cho ban tổ chức.",
        "en": "Something went wrong (ref {ref}). Try again; if it keeps happening, "
        "send this ref to the programme team.",
    },
    "probe.title": {"vi": "Kiểm tra báo lỗi", "en": "Failure probe"},
    "probe.escaping": {"vi": "Lỗi không được bắt", "en": "Unhandled error"},
    "probe.service": {"vi": "Lỗi trong dịch vụ", "en": "Error in a service"},
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
    "admin.actions": {"vi": "Thao tác", "en": "Actions"},
    "admin.active": {"vi": "Đang hoạt động", "en": "Active"},
    "admin.add": {"vi": "Thêm", "en": "Add"},
    "admin.add_member": {"vi": "Thêm mentee vào nhóm", "en": "Add a mentee to the group"},
    "admin.all_groups": {"vi": "Mọi nhóm", "en": "All groups"},
    "admin.all_mentors": {"vi": "Mọi mentor", "en": "All mentors"},
    "admin.all_statuses": {"vi": "Mọi trạng thái", "en": "Any status"},
    "admin.all_tracks": {"vi": "Mọi lĩnh vực", "en": "All tracks"},
    "admin.archive": {"vi": "Lưu trữ nhóm", "en": "Archive group"},
    "admin.archived": {"vi": "Đã lưu trữ", "en": "Archived"},
    "admin.audit": {"vi": "Nhật ký thay đổi", "en": "Audit log"},
    "admin.back_to_groups": {"vi": "← Danh sách nhóm", "en": "← All groups"},
    "admin.back_to_mentors": {"vi": "← Danh sách mentor", "en": "← All mentors"},
    "admin.bio": {"vi": "Giới thiệu", "en": "Bio"},
    "admin.cancel": {"vi": "Huỷ", "en": "Cancel"},
    "admin.change": {"vi": "Thay đổi", "en": "Change"},
    "admin.cohort": {"vi": "Khoá", "en": "Cohort"},
    "admin.create": {"vi": "Tạo", "en": "Create"},
    "admin.create_and_invite": {"vi": "Tạo và gửi lời mời", "en": "Create and send invitation"},
    "admin.deactivate": {"vi": "Vô hiệu hoá mentor", "en": "Deactivate mentor"},
    "admin.deactivate_warning": {
        "vi": "Mentor sẽ không đăng nhập được và biến mất khỏi danh sách mentor. Các buổi sắp tới sẽ bị huỷ và cả hai bên được báo qua email.",
        "en": "The mentor can no longer sign in and disappears from the directory. Their upcoming sessions are cancelled and both sides are told by email.",
    },
    "admin.deactivated": {
        "vi": "Đã vô hiệu hoá; {count} buổi sắp tới đã bị huỷ và hai bên đã được báo.",
        "en": "Deactivated; {count} upcoming session(s) cancelled and both sides told.",
    },
    "admin.edit": {"vi": "Sửa", "en": "Edit"},
    "admin.edit_mentor": {"vi": "Hồ sơ mentor", "en": "Mentor profile"},
    "admin.entity": {"vi": "Đối tượng", "en": "Item"},
    "admin.expertise": {"vi": "Chuyên môn", "en": "Expertise"},
    "admin.expertise_hint": {
        "vi": "Phân tách bằng dấu phẩy, ví dụ: python, system design",
        "en": "Separate with commas, e.g. python, system design",
    },
    "admin.group": {"vi": "Nhóm", "en": "Group"},
    "admin.group_name": {"vi": "Tên nhóm", "en": "Group name"},
    "admin.group_saved": {"vi": "Đã lưu nhóm.", "en": "Group saved."},
    "admin.groups": {"vi": "Nhóm", "en": "Groups"},
    "admin.headline": {"vi": "Tiêu đề ngắn", "en": "Headline"},
    "admin.import": {"vi": "Nhập CSV", "en": "CSV import"},
    "admin.import_choose": {"vi": "Hãy chọn một tệp CSV trước.", "en": "Choose a CSV file first."},
    "admin.import_columns": {
        "vi": "Các cột (dòng tiêu đề gồm đúng các tên này):",
        "en": "Columns (a header row with these names):",
    },
    "admin.import_done": {
        "vi": "Đã nhập xong — tạo mới / cập nhật",
        "en": "Import done — created / updated",
    },
    "admin.import_drop": {
        "vi": "Kéo thả tệp CSV (UTF-8, phân tách bằng dấu phẩy) hoặc bấm để chọn.",
        "en": "Drop a CSV file (UTF-8, comma-separated) or click to choose.",
    },
    "admin.import_failed": {
        "vi": "Không nhập dòng nào. Sửa các lỗi sau rồi tải lại tệp:",
        "en": "Nothing was imported. Fix these rows, then upload the file again:",
    },
    "admin.import_intro": {
        "vi": "Nhập nhiều mentor hoặc mentee cùng lúc. Mọi dòng được kiểm tra trước; chỉ cần một dòng lỗi là không dòng nào được nhập. Nhập lại cùng một tệp sẽ cập nhật, không tạo trùng.",
        "en": "Import many mentors or mentees at once. Every row is checked first; if any row has an error nothing is imported. Importing the same file again updates people instead of duplicating them.",
    },
    "admin.import_kind": {"vi": "Loại dữ liệu", "en": "What to import"},
    "admin.import_rules": {
        "vi": "Bắt buộc: email, name. Chuyên môn phân tách bằng dấu chấm phẩy (;). Mentee có thể ghi nhóm, khoá và email mentor (mentor phải có sẵn). Người mới nhận email mời đặt mật khẩu.",
        "en": "Required: email, name. Separate expertise tags with semicolons (;). Mentees may name a group, a cohort and their mentor's email (the mentor must exist). New people get an invitation to choose a password.",
    },
    "admin.import_run": {"vi": "Kiểm tra và nhập", "en": "Check and import"},
    "admin.inactive": {"vi": "Đã vô hiệu hoá", "en": "Deactivated"},
    "admin.invitation_sent": {
        "vi": "Đã gửi lại lời mời; liên kết cũ không còn dùng được.",
        "en": "Invitation sent again; the earlier link no longer works.",
    },
    "admin.invited": {"vi": "Chờ nhận lời mời", "en": "Invitation pending"},
    "admin.last_session": {"vi": "Buổi gần nhất", "en": "Last session"},
    "admin.load": {"vi": "Số mentee / tối đa", "en": "Mentees / max"},
    "admin.manage": {"vi": "Quản lý", "en": "Manage"},
    "admin.max_mentees": {"vi": "Số mentee tối đa", "en": "Max mentees"},
    "admin.members": {"vi": "Thành viên", "en": "Members"},
    "admin.mentee_saved": {"vi": "Đã lưu mentee.", "en": "Mentee saved."},
    "admin.mentees": {"vi": "Mentee", "en": "Mentees"},
    "admin.mentor": {"vi": "Mentor", "en": "Mentor"},
    "admin.mentor_saved": {"vi": "Đã lưu mentor.", "en": "Mentor saved."},
    "admin.mentors": {"vi": "Mentor", "en": "Mentors"},
    "admin.name": {"vi": "Tên", "en": "Name"},
    "admin.new_group": {"vi": "Nhóm mới", "en": "New group"},
    "admin.new_mentor": {"vi": "Thêm mentor", "en": "New mentor"},
    "admin.next_page": {"vi": "Trang sau", "en": "Next page"},
    "admin.next_session": {"vi": "Buổi tới", "en": "Next session"},
    "admin.no_group": {"vi": "Không thuộc nhóm nào", "en": "No group"},
    "admin.no_groups": {
        "vi": "Chưa có nhóm nào; tạo nhóm đầu tiên bên dưới.",
        "en": "No groups yet; create the first one below.",
    },
    "admin.no_members": {
        "vi": "Nhóm chưa có mentee; thêm mentee ở trên.",
        "en": "No mentees in this group yet; add some above.",
    },
    "admin.no_mentor": {"vi": "Chưa có mentor", "en": "No mentor"},
    "admin.no_results": {
        "vi": "Không có kết quả. Thử bỏ bớt bộ lọc hoặc tìm từ khác.",
        "en": "Nothing matches. Try fewer filters or another search.",
    },
    "admin.override": {"vi": "Vượt giới hạn", "en": "Over capacity"},
    "admin.override_label": {
        "vi": "Vẫn phân công dù mentor đã đủ số mentee (sẽ được ghi lại)",
        "en": "Assign even if the mentor is full (recorded)",
    },
    "admin.previous_page": {"vi": "Trang trước", "en": "Previous page"},
    "admin.reactivate": {"vi": "Kích hoạt lại", "en": "Reactivate"},
    "admin.reactivated": {"vi": "Đã kích hoạt lại mentor.", "en": "Mentor reactivated."},
    "admin.remove": {"vi": "Gỡ", "en": "Remove"},
    "admin.resend_invitation": {"vi": "Gửi lại lời mời", "en": "Resend invitation"},
    "admin.restore": {"vi": "Khôi phục nhóm", "en": "Restore group"},
    "admin.sample": {"vi": "Tải tệp mẫu", "en": "Download the sample file"},
    "admin.search": {"vi": "Tìm", "en": "Search"},
    "admin.audit_search": {
        "vi": "Hành động, người hoặc đối tượng…",
        "en": "Action, person or item…",
    },
    "admin.search_placeholder": {"vi": "Tên hoặc email…", "en": "Name or email…"},
    "admin.show_archived": {"vi": "Hiện cả nhóm đã lưu trữ", "en": "Show archived groups"},
    "admin.sort": {"vi": "Sắp xếp", "en": "Sort"},
    "admin.sort_name": {"vi": "Tên A→Z", "en": "Name A→Z"},
    "admin.sort_newest": {"vi": "Mới nhất", "en": "Newest"},
    "admin.sort_track": {"vi": "Lĩnh vực", "en": "Track"},
    "admin.status": {"vi": "Trạng thái", "en": "Status"},
    "admin.times_in": {"vi": "Giờ theo múi giờ", "en": "Times in"},
    "admin.total": {"vi": "Tổng", "en": "Total"},
    "admin.track": {"vi": "Lĩnh vực", "en": "Track"},
    "admin.unassigned": {"vi": "Chưa có mentor", "en": "Unassigned"},
    "admin.what": {"vi": "Hành động", "en": "Action"},
    "admin.when": {"vi": "Thời điểm", "en": "When"},
    "admin.who": {"vi": "Người thực hiện", "en": "Who"},
    "invite.title": {"vi": "Chọn mật khẩu để bắt đầu", "en": "Choose your password to get started"},
    "err.expertise": {
        "vi": "Tối đa 15 thẻ chuyên môn, mỗi thẻ tối đa 40 ký tự.",
        "en": "Use at most 15 expertise tags of at most 40 characters each.",
    },
    "err.headline": {
        "vi": "Tiêu đề tối đa 160 ký tự.",
        "en": "Keep the headline to 160 characters.",
    },
    "err.bio": {"vi": "Giới thiệu tối đa 4.000 ký tự.", "en": "Keep the bio to 4,000 characters."},
    "err.track": {
        "vi": "Tên lĩnh vực/khoá tối đa 80 ký tự.",
        "en": "Keep track and cohort names to 80 characters.",
    },
    "err.goals": {
        "vi": "Mục tiêu tối đa 2.000 ký tự.",
        "en": "Keep the goals to 2,000 characters.",
    },
    "err.max_mentees": {
        "vi": "Số mentee tối đa phải là số nguyên từ 0 đến 500.",
        "en": "Max mentees must be a whole number from 0 to 500.",
    },
    "err.max_below_assigned": {
        "vi": "Mentor đang có {assigned} mentee; đặt số tối đa ít nhất là {assigned} hoặc bỏ phân công bớt.",
        "en": "{assigned} mentees are assigned to this mentor; set max mentees to at least {assigned}, or unassign some first.",
    },
    "err.mentor_full": {
        "vi": "{name} đã đủ {max} mentee. Chọn mentor khác, tăng số tối đa, hoặc đánh dấu vượt giới hạn.",
        "en": "{name} already has {max} mentees, the maximum. Choose another mentor, raise their maximum, or tick the override.",
    },
    "err.mentor_inactive": {
        "vi": "{name} đã bị vô hiệu hoá; hãy chọn mentor đang hoạt động.",
        "en": "{name} is deactivated; choose an active mentor.",
    },
    "err.group_archived": {
        "vi": "Nhóm {name} đã lưu trữ; hãy khôi phục trước.",
        "en": "The group {name} is archived; restore it first.",
    },
    "err.group_taken": {
        "vi": "Đã có nhóm tên {name} trong khoá này; hãy chọn tên khác.",
        "en": "A group named {name} already exists in this cohort; choose another name.",
    },
    "err.group_name": {
        "vi": "Nhập tên nhóm từ 1 đến 120 ký tự.",
        "en": "Enter a group name of 1 to 120 characters.",
    },
    "err.stale": {
        "vi": "Có người vừa thay đổi dữ liệu này; tải lại trang rồi thử lại.",
        "en": "Someone changed this at the same moment; reload and try again.",
    },
    "err.invitation_accepted": {
        "vi": "Mentor này đã đặt mật khẩu; họ có thể đăng nhập hoặc dùng 'Quên mật khẩu'.",
        "en": "This mentor has already chosen a password; they can sign in or use 'Forgot your password?'.",
    },
    "err.inactive": {
        "vi": "Hãy kích hoạt lại mentor trước khi mời lại.",
        "en": "Reactivate this mentor before inviting them again.",
    },
    "err.google_other": {
        "vi": "Tài khoản này đã liên kết với một tài khoản Google khác.",
        "en": "This account is linked to another Google account.",
    },
    "err.avatar_pixels": {
        "vi": "Ảnh lớn hơn 4096 × 4096 điểm ảnh; hãy dùng ảnh nhỏ hơn.",
        "en": "The picture is larger than 4096 × 4096 pixels; use a smaller one.",
    },
    "err.csv_size": {
        "vi": "Tệp lớn hơn 2 MB; hãy chia nhỏ.",
        "en": "The file is larger than 2 MB; split it into smaller files.",
    },
    "err.csv_encoding": {
        "vi": "Tệp không phải UTF-8. Trong bảng tính hãy chọn lưu dạng 'CSV UTF-8' rồi tải lên lại.",
        "en": "The file is not UTF-8. In your spreadsheet choose 'CSV UTF-8' when saving, then upload it again.",
    },
    "err.csv_empty": {
        "vi": "Tệp trống; hãy bắt đầu từ tệp mẫu.",
        "en": "The file is empty; start from the sample file.",
    },
    "err.csv_delimiter": {
        "vi": "Các cột không phân tách bằng dấu phẩy; hãy lưu dạng CSV phân tách bằng dấu phẩy.",
        "en": "The columns are not separated by commas; save the file as comma-separated CSV.",
    },
    "err.csv_header": {
        "vi": "Dòng tiêu đề chưa đúng: {detail}. Cần có: {expected} (xem tệp mẫu).",
        "en": "The header row does not match: {detail}. Expected: {expected} (see the sample file).",
    },
    "err.csv_unreadable": {
        "vi": "Không đọc được dòng {line} của tệp CSV; hãy kiểm tra dấu ngoặc kép.",
        "en": "Line {line} cannot be read as CSV; check its quotes.",
    },
    "err.csv_row_width": {
        "vi": "Dòng {line} có nhiều giá trị hơn tiêu đề; hãy đặt trong ngoặc kép các giá trị có dấu phẩy.",
        "en": "Row {line} has more values than the header; quote values that contain commas.",
    },
    "err.csv_rows": {
        "vi": "Tối đa 5.000 dòng mỗi tệp; hãy chia nhỏ.",
        "en": "At most 5,000 rows per file; split it.",
    },
    "nav.availability": {"vi": "Lịch rảnh", "en": "Availability"},
    "nav.sessions": {"vi": "Buổi của tôi", "en": "My sessions"},
    "nav.mentors": {"vi": "Tìm mentor", "en": "Find a mentor"},
    "directory.title": {"vi": "Tìm mentor", "en": "Find a mentor"},
    "directory.search": {"vi": "Tên, chuyên môn hoặc giới thiệu…", "en": "Name, expertise or bio…"},
    "directory.any_expertise": {"vi": "Mọi chuyên môn", "en": "Any expertise"},
    "directory.available": {"vi": "Có lịch trống", "en": "Has open slots"},
    "directory.any_time": {"vi": "Bất kỳ lúc nào", "en": "Any time"},
    "directory.within_7": {"vi": "Trong 7 ngày", "en": "In the next 7 days"},
    "directory.within_14": {"vi": "Trong 14 ngày", "en": "In the next 14 days"},
    "directory.within_30": {"vi": "Trong 30 ngày", "en": "In the next 30 days"},
    "directory.next_slot": {"vi": "Lịch trống gần nhất", "en": "Next open slot"},
    "directory.no_slots": {"vi": "Chưa có lịch trống", "en": "No open slots yet"},
    "directory.no_results": {
        "vi": "Không có mentor phù hợp. Thử bỏ bớt bộ lọc, chọn khoảng thời gian dài hơn hoặc tìm từ khác.",
        "en": "No mentor matches. Try fewer filters, a longer time range or another word.",
    },
    "directory.empty": {
        "vi": "Chương trình chưa có mentor nào; quản trị viên sẽ sớm thêm.",
        "en": "The programme has no mentors yet; your admin will add some soon.",
    },
    "directory.clear": {"vi": "Xoá bộ lọc", "en": "Clear filters"},
    "directory.back": {"vi": "← Danh sách mentor", "en": "← All mentors"},
    "booking.open_slots": {"vi": "Lịch trống", "en": "Open slots"},
    "booking.no_open_slots": {
        "vi": "Mentor chưa có lịch trống trong 4 tuần tới; hãy quay lại sau hoặc chọn mentor khác.",
        "en": "No open slots in the next 4 weeks; check back later or choose another mentor.",
    },
    "booking.book": {"vi": "Đặt lịch", "en": "Book"},
    "booking.confirm_title": {"vi": "Xác nhận đặt lịch", "en": "Confirm your booking"},
    "booking.confirm": {"vi": "Đặt lịch", "en": "Book this session"},
    "booking.booked": {
        "vi": "Đã đặt lịch! Email xác nhận đang được gửi.",
        "en": "Booked! A confirmation email is on its way.",
    },
    "booking.my_sessions": {"vi": "Buổi của tôi", "en": "My sessions"},
    "booking.past": {"vi": "Đã qua hoặc đã huỷ", "en": "Past and cancelled"},
    "booking.none_mentee": {
        "vi": "Bạn chưa có buổi nào sắp tới. Tìm mentor và đặt lịch trống.",
        "en": "No upcoming sessions. Find a mentor and book an open slot.",
    },
    "booking.find_mentor": {"vi": "Tìm mentor", "en": "Find a mentor"},
    "booking.cancel": {"vi": "Huỷ buổi", "en": "Cancel session"},
    "booking.cancel_title": {"vi": "Huỷ buổi hẹn", "en": "Cancel this session"},
    "booking.cancelled": {
        "vi": "Đã huỷ; cả hai bên được báo qua email.",
        "en": "Cancelled; both of you are told by email.",
    },
    "booking.reason": {"vi": "Lý do", "en": "Reason"},
    "booking.reschedule": {"vi": "Đổi lịch", "en": "Reschedule"},
    "booking.new_time": {"vi": "Giờ mới", "en": "New time"},
    "booking.pick_slot": {"vi": "Hãy chọn một giờ mới.", "en": "Choose a new time."},
    "booking.moved": {
        "vi": "Đã đổi lịch; giờ cũ đã được giải phóng.",
        "en": "Rescheduled; the old time is free again.",
    },
    "status.open": {"vi": "Trống", "en": "Open"},
    "status.booked": {"vi": "Đã có người đặt", "en": "Booked"},
    "status.blocked": {"vi": "Đã khoá", "en": "Blocked"},
    "status.pending": {"vi": "Chờ thanh toán", "en": "Awaiting payment"},
    "status.confirmed": {"vi": "Đã xác nhận", "en": "Confirmed"},
    "status.cancelled": {"vi": "Đã huỷ", "en": "Cancelled"},
    "status.completed": {"vi": "Đã diễn ra", "en": "Completed"},
    "status.no_show": {"vi": "Vắng mặt", "en": "No-show"},
    "availability.title": {"vi": "Lịch rảnh của tôi", "en": "My availability"},
    "availability.weekly": {"vi": "Lịch rảnh hằng tuần", "en": "Weekly availability"},
    "availability.weekly_hint": {
        "vi": "Theo giờ địa phương của bạn; giữ nguyên giờ khi đổi giờ mùa hè. Các buổi cho vài tuần tới được tạo tự động.",
        "en": "In your own time zone; it keeps its local time across daylight-saving changes. Slots for the coming weeks are created for you.",
    },
    "availability.weekday": {"vi": "Thứ", "en": "Day"},
    "availability.from": {"vi": "Từ", "en": "From"},
    "availability.to": {"vi": "Đến", "en": "To"},
    "availability.length": {"vi": "Độ dài buổi", "en": "Session length"},
    "availability.buffer": {"vi": "Nghỉ giữa buổi (phút)", "en": "Break between (minutes)"},
    "availability.add_weekly": {"vi": "Thêm lịch hằng tuần", "en": "Add weekly availability"},
    "availability.one_off": {"vi": "Buổi lẻ", "en": "One-off slot"},
    "availability.day": {"vi": "Ngày", "en": "Date"},
    "availability.add_slot": {"vi": "Thêm buổi", "en": "Add slot"},
    "availability.days_off": {"vi": "Ngày nghỉ", "en": "Days off"},
    "availability.note": {"vi": "Ghi chú (ví dụ Tết)", "en": "Note (e.g. holiday)"},
    "availability.upcoming": {"vi": "Lịch sắp tới", "en": "Coming up"},
    "availability.none": {
        "vi": "Chưa có lịch nào; thêm lịch hằng tuần hoặc buổi lẻ ở trên.",
        "en": "Nothing yet; add weekly availability or a one-off slot above.",
    },
    "availability.block": {"vi": "Khoá", "en": "Block"},
    "availability.reopen": {"vi": "Mở lại", "en": "Reopen"},
    "availability.saved": {"vi": "Đã lưu.", "en": "Saved."},
    "availability.bad_time": {
        "vi": "Ngày hoặc giờ chưa hợp lệ; hãy chọn lại.",
        "en": "That date or time is not valid; pick it again.",
    },
    "weekday.0": {"vi": "Thứ Hai", "en": "Monday"},
    "weekday.1": {"vi": "Thứ Ba", "en": "Tuesday"},
    "weekday.2": {"vi": "Thứ Tư", "en": "Wednesday"},
    "weekday.3": {"vi": "Thứ Năm", "en": "Thursday"},
    "weekday.4": {"vi": "Thứ Sáu", "en": "Friday"},
    "weekday.5": {"vi": "Thứ Bảy", "en": "Saturday"},
    "weekday.6": {"vi": "Chủ Nhật", "en": "Sunday"},
    "err.slot_length": {
        "vi": "Một buổi dài từ 15 phút đến 4 giờ.",
        "en": "A slot lasts between 15 minutes and 4 hours.",
    },
    "err.slot_past": {
        "vi": "Thời điểm này đã qua; hãy chọn giờ trong tương lai.",
        "en": "This time has passed; choose a time in the future.",
    },
    "err.slot_overlap": {
        "vi": "Giờ này trùng với một buổi khác của bạn; hãy chọn giờ trống.",
        "en": "This time overlaps another of your slots; choose a free time.",
    },
    "err.slot_state": {
        "vi": "Chỉ khoá được buổi trống (và mở lại buổi đã khoá); buổi đã đặt thì huỷ từ mục Buổi của tôi.",
        "en": "Only an open slot can be blocked (and a blocked one reopened); cancel a booked one from My sessions.",
    },
    "err.slot_booked": {
        "vi": "Buổi này đã có người đặt; hãy huỷ buổi hẹn (mentee sẽ được báo).",
        "en": "This slot is booked; cancel the booking instead (the mentee is told).",
    },
    "err.weekday": {"vi": "Hãy chọn thứ trong tuần.", "en": "Choose a day of the week."},
    "err.session_minutes": {
        "vi": "Mỗi buổi dài 30, 45 hoặc 60 phút.",
        "en": "Sessions last 30, 45 or 60 minutes.",
    },
    "err.buffer": {
        "vi": "Thời gian nghỉ từ 0 đến 60 phút.",
        "en": "The break between sessions is 0 to 60 minutes.",
    },
    "err.rule_span": {
        "vi": "Giờ kết thúc phải sau giờ bắt đầu ít nhất một buổi.",
        "en": "The end must come at least one session after the start.",
    },
    "err.too_soon": {
        "vi": "Cần đặt lịch trước ít nhất {hours} giờ; hãy chọn giờ muộn hơn.",
        "en": "Sessions must be booked at least {hours} hours ahead; pick a later time.",
    },
    "err.slot_taken": {
        "vi": "Vừa có người đặt buổi này; hãy chọn giờ khác.",
        "en": "Someone just booked this slot; pick another time.",
    },
    "err.mentor_unavailable": {
        "vi": "Mentor này hiện không nhận lịch; hãy chọn mentor khác.",
        "en": "This mentor is not taking bookings; choose another mentor.",
    },
    "err.assigned_only": {
        "vi": "Chương trình chỉ cho đặt lịch với mentor được phân công cho bạn.",
        "en": "Your programme books sessions with your assigned mentor only.",
    },
    "err.too_many_bookings": {
        "vi": "Bạn đã có {count} buổi sắp tới, mức tối đa; hãy huỷ một buổi hoặc đợi buổi đó diễn ra.",
        "en": "You already have {count} upcoming sessions, the most allowed; cancel one or wait until it has taken place.",
    },
    "err.cutoff": {
        "vi": "Chỉ được huỷ hoặc đổi lịch trước giờ bắt đầu ít nhất {hours} giờ. Hãy liên hệ {name} ({email}) hoặc quản trị viên chương trình.",
        "en": "Sessions can be changed up to {hours} hours before they start. Contact {name} ({email}) or your programme admin.",
    },
    "err.reason": {"vi": "Lý do tối đa 500 ký tự.", "en": "Keep the reason to 500 characters."},
    "err.not_live": {
        "vi": "Buổi này đã bị huỷ hoặc đã diễn ra.",
        "en": "This session is already cancelled or over.",
    },
    "err.other_mentor": {
        "vi": "Chỉ đổi sang giờ của cùng mentor; hoặc huỷ rồi đặt mentor khác.",
        "en": "Reschedule to a slot of the same mentor, or cancel and book another mentor.",
    },
    "common.yes": {
        "vi": "Có",
        "en": "Yes",
    },
    "common.no": {
        "vi": "Không",
        "en": "No",
    },
    "nav.session_logs": {
        "vi": "Nhật ký buổi",
        "en": "Session logs",
    },
    "err.export_dates": {
        "vi": "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.",
        "en": "The start date must be on or before the end date.",
    },
    "err.log_action_items": {
        "vi": "Việc cần làm tối đa 2.000 ký tự.",
        "en": "Keep the action items to 2,000 characters.",
    },
    "err.log_booking": {
        "vi": "Buổi hẹn này không phải buổi của bạn với mentee này; hãy chọn lại buổi.",
        "en": "That booking is not one of your sessions with this mentee; pick the session again.",
    },
    "err.log_cancelled": {
        "vi": "Buổi này đã bị huỷ; không có gì để ghi nhận.",
        "en": "That session was cancelled; there is nothing to log.",
    },
    "err.log_exists": {
        "vi": "Buổi này đã được ghi nhận; hãy mở nhật ký để sửa.",
        "en": "This session is already logged; open its log to edit it.",
    },
    "err.log_future": {
        "vi": "Chỉ ghi nhận được buổi đã diễn ra; hãy chọn hôm nay hoặc ngày trước đó.",
        "en": "A session can be logged once it has taken place; pick today or an earlier date.",
    },
    "err.log_locked": {
        "vi": "Nhật ký này đã khoá: chỉ sửa được trong 7 ngày sau khi viết. Hãy nhờ quản trị viên chỉnh sửa.",
        "en": "This log is locked: logs can be edited for 7 days after they are written. Ask your programme admin to correct it.",
    },
    "err.log_mentee": {
        "vi": "Mentee này không thuộc danh sách của bạn; hãy chọn mentee từ trang tổng quan.",
        "en": "This mentee is not one of yours; choose a mentee from your dashboard.",
    },
    "err.log_not_found": {
        "vi": "Không tìm thấy nhật ký buổi này; hãy tải lại trang.",
        "en": "No such session log; reload the page.",
    },
    "err.log_notes": {
        "vi": "Ghi chú riêng tối đa 5.000 ký tự.",
        "en": "Keep the private notes to 5,000 characters.",
    },
    "err.log_score": {
        "vi": "Hãy chấm điểm tiến bộ từ 1 đến 5.",
        "en": "Give a progress score from 1 to 5.",
    },
    "err.log_topic": {
        "vi": "Hãy nhập chủ đề của buổi (1 đến 200 ký tự).",
        "en": "Enter the session's topic (1 to 200 characters).",
    },
    "err.rate_comment": {
        "vi": "Nhận xét tối đa 2.000 ký tự.",
        "en": "Keep the comment to 2,000 characters.",
    },
    "err.rate_done": {
        "vi": "Bạn đã đánh giá buổi này rồi; cảm ơn bạn.",
        "en": "You have already rated this session; thank you.",
    },
    "err.rate_future": {
        "vi": "Bạn có thể đánh giá sau khi buổi đã diễn ra.",
        "en": "You can rate a session once it has taken place.",
    },
    "err.rate_score": {
        "vi": "Hãy đánh giá buổi từ 1 đến 5 sao.",
        "en": "Rate the session from 1 to 5 stars.",
    },
    "err.resolve_done": {
        "vi": "Nhật ký này không còn cờ cần hỗ trợ (có thể đã được xử lý); hãy tải lại trang tổng quan.",
        "en": "This log has no open support flag (already resolved?); reload the overview.",
    },
    "err.resolve_note": {
        "vi": "Hãy ghi lại việc đã làm (1 đến 2.000 ký tự) trước khi đóng.",
        "en": "Write what was done (1 to 2,000 characters) before resolving.",
    },
    "logs.action_items": {
        "vi": "Việc cần làm",
        "en": "Action items",
    },
    "logs.all_cohorts": {
        "vi": "Mọi khoá",
        "en": "All cohorts",
    },
    "logs.all_groups": {
        "vi": "Mọi nhóm",
        "en": "All groups",
    },
    "logs.all_mentors": {
        "vi": "Mọi mentor",
        "en": "All mentors",
    },
    "logs.back": {
        "vi": "← Về trang tổng quan",
        "en": "← Back to the dashboard",
    },
    "logs.bad_date": {
        "vi": "Ngày chưa hợp lệ; hãy chọn lại.",
        "en": "That date is not valid; pick it again.",
    },
    "logs.bookings": {
        "vi": "Các buổi hẹn",
        "en": "Bookings",
    },
    "logs.clear": {
        "vi": "Bỏ lọc",
        "en": "Clear filters",
    },
    "logs.cohort": {
        "vi": "Khoá",
        "en": "Cohort",
    },
    "logs.comment": {
        "vi": "Nhận xét (không bắt buộc)",
        "en": "Comment (optional)",
    },
    "logs.correct": {
        "vi": "Chỉnh sửa (quản trị)",
        "en": "Correct (admin)",
    },
    "logs.date": {
        "vi": "Ngày",
        "en": "Date",
    },
    "logs.download": {
        "vi": "Tải CSV",
        "en": "Download CSV",
    },
    "logs.edit": {
        "vi": "Sửa",
        "en": "Edit",
    },
    "logs.edit_title": {
        "vi": "Sửa nhật ký buổi",
        "en": "Edit session log",
    },
    "logs.export_hint": {
        "vi": "Lọc theo nhóm, khoá, mentor và ngày; tệp CSV mở đúng tiếng Việt trong Excel và Google Sheets.",
        "en": "Filter by group, cohort, mentor and dates; the CSV opens with Vietnamese intact in Excel and Google Sheets.",
    },
    "logs.export_title": {
        "vi": "Xuất nhật ký buổi",
        "en": "Export session logs",
    },
    "logs.from": {
        "vi": "Từ ngày",
        "en": "From",
    },
    "logs.group": {
        "vi": "Nhóm",
        "en": "Group",
    },
    "logs.history": {
        "vi": "Lịch sử",
        "en": "History",
    },
    "logs.history_title": {
        "vi": "Toàn bộ nhật ký",
        "en": "Full history",
    },
    "logs.last": {
        "vi": "Buổi gần nhất",
        "en": "Last session",
    },
    "logs.latest": {
        "vi": "Mới nhất (tối đa 20)",
        "en": "Latest (up to 20)",
    },
    "logs.locked": {
        "vi": "Đã khoá sau 7 ngày",
        "en": "Locked after 7 days",
    },
    "logs.log_it": {
        "vi": "Ghi nhận",
        "en": "Log session",
    },
    "logs.matching": {
        "vi": "Số nhật ký khớp",
        "en": "Matching logs",
    },
    "logs.mentee": {
        "vi": "Mentee",
        "en": "Mentee",
    },
    "logs.mentee_rating": {
        "vi": "Mentee đánh giá",
        "en": "Mentee's rating",
    },
    "logs.mentor_score": {
        "vi": "Điểm tiến bộ (1–5)",
        "en": "Progress score (1–5)",
    },
    "logs.mentor_score_hint": {
        "vi": "Mức tiến bộ của mentee: 1 rất chậm, 5 vượt mong đợi.",
        "en": "How the mentee is progressing: 1 stuck, 5 beyond expectations.",
    },
    "logs.my_mentees": {
        "vi": "Mentee của tôi",
        "en": "My mentees",
    },
    "logs.my_sessions": {
        "vi": "Các buổi đã ghi nhận",
        "en": "My logged sessions",
    },
    "logs.needs_support": {
        "vi": "Cần hỗ trợ",
        "en": "Needs support",
    },
    "logs.needs_support_label": {
        "vi": "Mentee cần hỗ trợ thêm (báo cho quản trị viên)",
        "en": "The mentee needs support (tells the admins)",
    },
    "logs.new": {
        "vi": "Ghi nhận buổi",
        "en": "Log a session",
    },
    "logs.new_title": {
        "vi": "Ghi nhận buổi mentoring",
        "en": "Log the session",
    },
    "logs.next": {
        "vi": "Buổi kế tiếp",
        "en": "Next session",
    },
    "logs.no_logs": {
        "vi": "Không có nhật ký nào khớp bộ lọc.",
        "en": "No session logs match these filters.",
    },
    "logs.no_mentees": {
        "vi": "Chưa có mentee nào khớp; mentee được phân công hoặc đã đặt lịch với bạn trong 90 ngày sẽ hiện ở đây.",
        "en": "No mentees match; mentees assigned to you or who booked you in the last 90 days appear here.",
    },
    "logs.none_yet": {
        "vi": "Chưa có buổi nào được ghi nhận.",
        "en": "No sessions logged yet.",
    },
    "logs.notes": {
        "vi": "Ghi chú riêng",
        "en": "Private notes",
    },
    "logs.notes_hint": {
        "vi": "Chỉ bạn và quản trị viên đọc được ghi chú riêng; mentee thấy việc cần làm.",
        "en": "Only you and the admins read the private notes; the mentee sees the action items.",
    },
    "logs.nothing_today": {
        "vi": "Hôm nay không có buổi nào.",
        "en": "No sessions today.",
    },
    "logs.nothing_week": {
        "vi": "Không còn buổi nào khác trong tuần.",
        "en": "No other sessions this week.",
    },
    "logs.only_support": {
        "vi": "Chỉ mentee cần hỗ trợ",
        "en": "Needs support only",
    },
    "logs.over": {
        "vi": "Đã xong",
        "en": "Over",
    },
    "logs.per_week_mine": {
        "vi": "Số buổi mỗi tuần",
        "en": "Sessions per week",
    },
    "logs.per_week_programme": {
        "vi": "Số buổi mỗi tuần (toàn chương trình)",
        "en": "Sessions per week (programme)",
    },
    "logs.pick_rating": {
        "vi": "Hãy chọn từ 1 đến 5.",
        "en": "Choose from 1 to 5.",
    },
    "logs.prompt_title": {
        "vi": "Các buổi đã xong cần ghi nhận",
        "en": "Finished sessions to log",
    },
    "logs.rate": {
        "vi": "Đánh giá buổi",
        "en": "Rate session",
    },
    "logs.rate_label": {
        "vi": "Buổi này hữu ích thế nào? (1 thấp, 5 cao)",
        "en": "How useful was it? (1 low, 5 high)",
    },
    "logs.rate_prompt": {
        "vi": "Buổi gần đây của bạn thế nào? Hãy đánh giá để mentor biết.",
        "en": "How were your recent sessions? Rate them so your mentor knows.",
    },
    "logs.rate_title": {
        "vi": "Đánh giá buổi mentoring",
        "en": "Rate the session",
    },
    "logs.resolution": {
        "vi": "Đã xử lý thế nào",
        "en": "What was done",
    },
    "logs.resolve": {
        "vi": "Đánh dấu đã xử lý",
        "en": "Resolve",
    },
    "logs.resolve_title": {
        "vi": "Đóng cờ cần hỗ trợ",
        "en": "Resolve the support flag",
    },
    "logs.resolved": {
        "vi": "Đã đóng cờ hỗ trợ.",
        "en": "Support flag resolved.",
    },
    "logs.save": {
        "vi": "Lưu nhật ký",
        "en": "Save log",
    },
    "logs.saved": {
        "vi": "Đã lưu nhật ký buổi.",
        "en": "Session log saved.",
    },
    "logs.score": {
        "vi": "Điểm",
        "en": "Score",
    },
    "logs.scores": {
        "vi": "Điểm gần đây",
        "en": "Latest scores",
    },
    "logs.search": {
        "vi": "Tìm theo tên, lĩnh vực, nhóm",
        "en": "Search name, track, group",
    },
    "logs.send_rating": {
        "vi": "Gửi đánh giá",
        "en": "Send rating",
    },
    "logs.sessions": {
        "vi": "Buổi đã ghi nhận",
        "en": "Sessions logged",
    },
    "logs.sort": {
        "vi": "Sắp xếp",
        "en": "Sort",
    },
    "logs.sort_last": {
        "vi": "Lâu chưa gặp nhất",
        "en": "Longest since last session",
    },
    "logs.sort_name": {
        "vi": "Theo tên",
        "en": "By name",
    },
    "logs.sort_next": {
        "vi": "Buổi kế tiếp sớm nhất",
        "en": "Next session soonest",
    },
    "logs.sort_score": {
        "vi": "Điểm thấp nhất",
        "en": "Lowest score",
    },
    "logs.sort_support": {
        "vi": "Cần hỗ trợ trước",
        "en": "Needs support first",
    },
    "logs.support_resolved": {
        "vi": "Đã xử lý hỗ trợ",
        "en": "Support resolved",
    },
    "logs.thanks": {
        "vi": "Cảm ơn bạn đã đánh giá.",
        "en": "Thank you for your rating.",
    },
    "logs.this_week": {
        "vi": "Trong tuần này",
        "en": "This week",
    },
    "logs.to": {
        "vi": "Đến ngày",
        "en": "To",
    },
    "logs.today": {
        "vi": "Hôm nay",
        "en": "Today",
    },
    "logs.topic": {
        "vi": "Chủ đề",
        "en": "Topic",
    },
    "logs.trend": {
        "vi": "Xu hướng điểm",
        "en": "Score trend",
    },
    "logs.trend_down": {
        "vi": "Điểm đang giảm",
        "en": "Score going down",
    },
    "logs.trend_flat": {
        "vi": "Điểm không đổi",
        "en": "Score steady",
    },
    "logs.trend_needs_two": {
        "vi": "Cần ít nhất hai buổi để thấy xu hướng.",
        "en": "A trend shows from the second logged session.",
    },
    "logs.trend_up": {
        "vi": "Điểm đang tăng",
        "en": "Score going up",
    },
    "logs.your_rating": {
        "vi": "Bạn đánh giá",
        "en": "Your rating",
    },
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
    # --- booking side effects (issue 6) ---
    "delivery.email.sent": {"vi": "Đã gửi lời mời", "en": "Invitation sent"},
    "delivery.email.sending": {"vi": "Đang gửi lời mời…", "en": "Sending the invitation…"},
    "delivery.email.retrying": {"vi": "Email đang thử lại", "en": "Email retrying"},
    "delivery.email.failed": {
        "vi": "Gửi email thất bại — quản trị viên đã được báo",
        "en": "Email failed — admins can see it",
    },
    "delivery.calendar.created": {"vi": "Đã tạo sự kiện lịch", "en": "Calendar event created"},
    "delivery.calendar.sending": {
        "vi": "Đang tạo sự kiện lịch…",
        "en": "Creating the calendar event…",
    },
    "delivery.calendar.retrying": {"vi": "Lịch đang thử lại", "en": "Calendar retrying"},
    "delivery.calendar.failed": {"vi": "Chưa cập nhật được lịch", "en": "Calendar not updated"},
    "nav.deliveries": {"vi": "Email & lịch", "en": "Email & calendar"},
    "deliveries.title": {"vi": "Email và lịch đang chờ", "en": "Emails and calendar updates"},
    "deliveries.subtitle": {
        "vi": "Những gì đang thử lại hoặc đã dừng. Mỗi việc được thử lại với thời gian chờ tăng dần; sau nhiều lần thất bại nó dừng ở đây để bạn xem và thử lại.",
        "en": "What is retrying or has stopped. Each one is retried with growing waits; after too many failures it stops here for you to look at and retry.",
    },
    "deliveries.retrying": {"vi": "Đang thử lại hoặc đến hạn", "en": "Retrying or due"},
    "deliveries.dead": {"vi": "Đã dừng (cần xử lý)", "en": "Stopped (needs you)"},
    "deliveries.all_good": {
        "vi": "Mọi thứ đã được gửi. Không có gì cần xử lý.",
        "en": "Everything has been delivered. Nothing needs you.",
    },
    "deliveries.retry": {"vi": "Thử lại ngay", "en": "Retry now"},
    "deliveries.retried": {"vi": "Đã xếp lại để gửi ngay.", "en": "Queued to go out now."},
    "deliveries.booking": {"vi": "Buổi hẹn", "en": "Booking"},
    "deliveries.attempts": {"vi": "Số lần thử", "en": "Attempts"},
    "deliveries.next": {"vi": "Lần tới", "en": "Next"},
    "deliveries.broken_calendar": {
        "vi": "kết nối Google Calendar không còn hoạt động; mentor cần kết nối lại trong Cài đặt.",
        "en": "their Google Calendar connection stopped working; they need to connect again in Settings.",
    },
    "deliveries.status.pending": {"vi": "Đang thử lại", "en": "Retrying"},
    "deliveries.status.dead": {"vi": "Đã dừng", "en": "Stopped"},
    "deliveries.kind.email": {"vi": "Email", "en": "Email"},
    "deliveries.kind.calendar": {"vi": "Google Calendar", "en": "Google Calendar"},
    "calendar.title": {"vi": "Google Calendar", "en": "Google Calendar"},
    "calendar.hint": {
        "vi": "Các buổi được đặt sẽ xuất hiện trong lịch của bạn kèm link Google Meet; đổi lịch hay huỷ cũng được cập nhật.",
        "en": "Booked sessions appear in your calendar with a Google Meet link; reschedules and cancellations update it.",
    },
    "calendar.connected_as": {"vi": "Đã kết nối với", "en": "Connected as"},
    "calendar.broken": {
        "vi": "Kết nối Google Calendar đã ngừng hoạt động (quyền bị thu hồi hoặc hết hạn). Hãy kết nối lại; các cập nhật bị lỡ sẽ được gửi lại.",
        "en": "Your Google Calendar connection stopped working (access revoked or expired). Connect again; the missed updates are sent again.",
    },
    "calendar.by_programme": {
        "vi": "Chương trình đã cấu hình Google Calendar cho mọi mentor; bạn không cần làm gì.",
        "en": "Your programme has set up Google Calendar for every mentor; nothing to do here.",
    },
    "calendar.not_connected": {"vi": "Chưa kết nối.", "en": "Not connected."},
    "calendar.connect": {"vi": "Kết nối Google Calendar", "en": "Connect Google Calendar"},
    "calendar.reconnect": {"vi": "Kết nối lại", "en": "Connect again"},
    "calendar.disconnect": {"vi": "Ngắt kết nối", "en": "Disconnect"},
    "calendar.disconnected": {
        "vi": "Đã ngắt kết nối Google Calendar.",
        "en": "Google Calendar disconnected.",
    },
    "calendar.result.connected": {
        "vi": "Đã kết nối Google Calendar.",
        "en": "Google Calendar connected.",
    },
    "calendar.result.cancelled": {
        "vi": "Bạn đã huỷ bước kết nối; chưa có gì thay đổi.",
        "en": "You cancelled the connection; nothing changed.",
    },
    "calendar.result.refused": {
        "vi": "Google không xác nhận kết nối. Hãy thử lại và cho phép quyền truy cập lịch.",
        "en": "Google did not confirm the connection. Try again and allow calendar access.",
    },
    "calendar.result.expired": {
        "vi": "Phiên kết nối đã hết hạn. Hãy bấm kết nối lại.",
        "en": "The connection attempt expired. Press connect again.",
    },
    "mailbox.ics": {
        "vi": "Có đính kèm lời mời lịch (.ics)",
        "en": "Calendar invitation attached (.ics)",
    },
    "nav.payments": {"vi": "Thanh toán", "en": "Payments"},
    "price.title": {"vi": "Giá mỗi buổi", "en": "Price per session"},
    "price.now": {"vi": "Hiện tại", "en": "Now"},
    "price.free": {"vi": "Miễn phí", "en": "Free"},
    "price.per_session": {"vi": " / buổi", "en": " / session"},
    "price.amount": {"vi": "Số tiền", "en": "Amount"},
    "price.currency": {"vi": "Đơn vị tiền", "en": "Currency"},
    "price.hint": {
        "vi": "Nhập số tiền cho một buổi (VND: 200000; USD: 25.50). Nhập 0 để miễn phí.",
        "en": "The price of one session (VND: 200000; USD: 25.50). Type 0 for free sessions.",
    },
    "price.save": {"vi": "Lưu giá", "en": "Save price"},
    "price.saved": {"vi": "Đã lưu giá.", "en": "Price saved."},
    "price.payments_off": {
        "vi": "Nền tảng chưa bật thanh toán (chưa cấu hình Stripe), nên mọi buổi đều miễn phí. "
        "Hãy liên hệ người vận hành nếu bạn muốn thu phí.",
        "en": "Payments are not set up on this platform (Stripe is not configured), so every "
        "session is free. Ask the operator if you want to charge for sessions.",
    },
    "price.to_pay": {"vi": "Số tiền cần trả", "en": "To pay"},
    "price.checkout_note": {
        "vi": "Bạn sẽ thanh toán trên trang bảo mật của Stripe. Chỗ được giữ cho bạn trong",
        "en": "You will pay on Stripe's secure page. The slot is held for you for",
    },
    "price.minutes": {"vi": "phút.", "en": "minutes."},
    "price.confirm_and_pay": {"vi": "Đặt và thanh toán", "en": "Book and pay"},
    "price.pay_now": {"vi": "Thanh toán ngay", "en": "Pay now"},
    "price.held_until": {"vi": "Giữ chỗ đến", "en": "Held until"},
    "payment.status.awaiting": {"vi": "Chờ thanh toán", "en": "Awaiting payment"},
    "payment.status.processing": {"vi": "Đang xử lý thanh toán", "en": "Payment processing"},
    "payment.status.paid": {"vi": "Đã thanh toán", "en": "Paid"},
    "payment.status.expired": {"vi": "Hết hạn thanh toán", "en": "Payment expired"},
    "payment.status.failed": {"vi": "Thanh toán thất bại", "en": "Payment failed"},
    "refund.status.pending": {"vi": "Đang hoàn tiền", "en": "Refund in progress"},
    "refund.status.succeeded": {"vi": "Đã hoàn tiền", "en": "Refunded"},
    "refund.status.failed": {"vi": "Hoàn tiền thất bại", "en": "Refund failed"},
    "refund.status.none": {"vi": "Chưa hoàn tiền", "en": "No refund"},
    "refund.reason.cancelled": {"vi": "Huỷ buổi (theo chính sách)", "en": "Cancelled (policy)"},
    "refund.reason.late": {"vi": "Thanh toán trễ", "en": "Paid late"},
    "refund.reason.admin": {"vi": "Quản trị viên hoàn", "en": "Refunded by an admin"},
    "checkout.confirmed": {
        "vi": "Đã nhận thanh toán. Buổi hẹn của bạn đã được xác nhận; lời mời lịch đang được gửi.",
        "en": "Payment received. Your session is confirmed; the calendar invitation is on its way.",
    },
    "checkout.processing": {
        "vi": "Stripe vẫn đang xử lý khoản thanh toán. Chỗ vẫn được giữ cho bạn; buổi hẹn sẽ được "
        "xác nhận ngay khi tiền về.",
        "en": "Stripe is still processing your payment. The slot stays held for you; the session "
        "is confirmed as soon as the money arrives.",
    },
    "checkout.waiting": {
        "vi": "Đang chờ Stripe xác nhận khoản thanh toán… Trang này tự cập nhật.",
        "en": "Waiting for Stripe to confirm your payment… This page updates by itself.",
    },
    "checkout.left": {
        "vi": "Bạn đã rời trang thanh toán. Chỗ vẫn được giữ cho bạn đến hết thời gian hiển thị: "
        "bấm Thanh toán ngay để tiếp tục, hoặc huỷ để nhường chỗ.",
        "en": "You left the payment page. The slot stays held for you until the time shown: "
        "press Pay now to continue, or cancel to free it.",
    },
    "checkout.released": {
        "vi": "Chưa thanh toán trong thời gian giữ chỗ, nên chỗ đã được mở lại và không có khoản "
        "nào bị trừ. Hãy chọn giờ và đặt lại.",
        "en": "The payment was not completed in time, so the slot was released and nothing was "
        "charged. Pick a time and book again.",
    },
    "checkout.refunded_late": {
        "vi": "Khoản thanh toán đến sau khi hết thời gian giữ chỗ, nên buổi hẹn không được đặt. "
        "Toàn bộ số tiền đang được hoàn lại cho bạn.",
        "en": "Your payment arrived after the hold ran out, so the session was not booked. The "
        "full amount is being refunded to you.",
    },
    "payments.title": {"vi": "Thanh toán", "en": "Payments"},
    "payments.subtitle": {
        "vi": "Khoản thanh toán của từng buổi hẹn: số tiền, trạng thái, mã Stripe và hoàn tiền.",
        "en": "Each booking's payment: amount, status, Stripe ids and refunds.",
    },
    "payments.none": {"vi": "Chưa có khoản thanh toán nào.", "en": "No payments yet."},
    "payments.late": {"vi": "Trả trễ, đã hoàn", "en": "Paid late, refunded"},
    "payments.session_id": {"vi": "Checkout Session", "en": "Checkout Session"},
    "payments.intent_id": {"vi": "Payment Intent", "en": "Payment Intent"},
    "payments.refunded": {"vi": "Đã hoàn", "en": "Refunded"},
    "payments.refund": {"vi": "Hoàn tiền", "en": "Refund"},
    "payments.left": {"vi": "Còn có thể hoàn", "en": "Left to refund"},
    "payments.refund_amount": {"vi": "Số tiền hoàn", "en": "Amount to refund"},
    "payments.refund_queued": {
        "vi": "Đã gửi yêu cầu hoàn tiền tới Stripe; trạng thái sẽ cập nhật tại đây.",
        "en": "Refund sent to Stripe; its status updates here.",
    },
    "err.payments_off": {
        "vi": "Nền tảng chưa bật thanh toán nên mọi buổi đều miễn phí. Hãy nhờ người vận hành "
        "cấu hình STRIPE_SECRET_KEY và STRIPE_WEBHOOK_SECRET.",
        "en": "Payments are not set up on this platform, so every session is free. Ask the "
        "operator to set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET.",
    },
    "err.currency": {
        "vi": "Hãy chọn đơn vị tiền Trà Đá hỗ trợ: {currencies}.",
        "en": "Choose a currency Trà Đá accepts: {currencies}.",
    },
    "err.price_number": {
        "vi": "Hãy nhập giá là một con số, ví dụ 200000.",
        "en": "Type the price as a number, e.g. 200000.",
    },
    "err.price_decimals": {
        "vi": "Giá {currency} có tối đa {decimals} chữ số thập phân.",
        "en": "{currency} prices have at most {decimals} decimals.",
    },
    "err.price_range": {
        "vi": "Hãy chọn giá từ {low} đến {high}, hoặc 0 để miễn phí.",
        "en": "Choose a price between {low} and {high}, or 0 for free sessions.",
    },
    "err.checkout_failed": {
        "vi": "Chưa mở được trang thanh toán (Stripe không phản hồi). Bạn chưa bị trừ tiền và chỗ "
        "đã được mở lại. Hãy thử lại sau vài phút.",
        "en": "The payment page could not be opened (Stripe did not answer); nothing was charged "
        "and the slot is free again. Try again in a few minutes.",
    },
    "err.pending_payment": {
        "vi": "Buổi này đang chờ bạn thanh toán: hãy thanh toán, hoặc huỷ rồi đặt giờ khác.",
        "en": "This session is waiting for your payment: pay for it, or cancel it and book the "
        "other time.",
    },
    "err.not_paid": {
        "vi": "Chỉ hoàn được khoản đã thanh toán.",
        "en": "Only a paid payment can be refunded.",
    },
    "err.refunded": {
        "vi": "Khoản này đã được hoàn toàn bộ.",
        "en": "This payment has already been refunded in full.",
    },
    "err.refund_amount": {
        "vi": "Số tiền hoàn phải lớn hơn 0 và không quá {left}.",
        "en": "Refund more than 0 and at most {left}.",
    },
    "err.text": {
        "vi": "Trường {field} có ký tự điều khiển hoặc dài quá {limit} ký tự; hãy sửa lại.",
        "en": "The {field} has a control character or is longer than {limit} characters; fix it.",
    },
    "err.text_control": {
        "vi": "Trường {field} có ký tự điều khiển (xuống dòng hoặc NUL); hãy xoá nó.",
        "en": "The {field} contains a control character (line break or NUL); remove it.",
    },
    "err.instant": {
        "vi": "Thời điểm ({field}) phải có múi giờ và nằm trong khoảng năm 2000 đến 2100.",
        "en": "The {field} needs a time zone and must lie between the years 2000 and 2100.",
    },
    "err.date_range": {
        "vi": "Ngày ({field}) phải nằm trong khoảng năm 2000 đến 2100.",
        "en": "The {field} must lie between the years 2000 and 2100.",
    },
    "err.not_found": {
        "vi": "Không tìm thấy mục này; hãy tải lại trang.",
        "en": "This no longer exists; reload the page.",
    },
    "err.log_after_session": {
        "vi": "Ngày ghi nhận không thể sau ngày của buổi đã đặt ({day}).",
        "en": "The log's date cannot be after the booked session's day ({day}).",
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
