"""The rules of Trà Đá: who may do what. No Reflex, no FastAPI here."""
