"""What the agreements tests (and the API, browser and guard tests) share: agreements drafted and brought into
force, pages and their arguments, money, signing and registration helpers, a real worker process."""
