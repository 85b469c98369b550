"""Trà Đá: a mentoring platform."""

__version__ = "0.1.0"
