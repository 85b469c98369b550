"""The rules of Trà Đá: who may do what. No Reflex, no FastAPI here."""

# Registers every outbox handler (see tra_da.services.capabilities) whichever service is
# imported first, so a relay pass never meets a row whose handler was not imported.
from tra_da.services import capabilities  # noqa: F401
