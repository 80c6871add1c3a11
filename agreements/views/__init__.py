"""The browser UI of agreements: reading pages, editing forms, signing."""
