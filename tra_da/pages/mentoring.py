"""The mentoring pages, split by route: importing this module declares them (tra_da/tra_da.py
imports it) until the app imports pages/mentee_detail.py and pages/session_logs.py itself."""

from tra_da.pages.mentee_detail import mentee_detail
from tra_da.pages.session_logs import export_page

__all__ = ["export_page", "mentee_detail"]
