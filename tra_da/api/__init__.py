"""REST API for the mobile app and integrations (contract: shared/API.md). Handlers stay thin."""
