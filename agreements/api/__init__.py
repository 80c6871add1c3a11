"""The agreements API (mounted under /api/v1/ by config.api_urls)."""
