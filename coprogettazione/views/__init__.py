"""The browser pages of co-design: procedures and programmes, partners, expense reports."""
