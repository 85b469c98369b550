"""Reflex states: UI state and event handlers. Thin: every rule lives in services."""
