"""Loads the seed acts (000, 002, 001) as agreements and seed 003 as a template (`load_agreements`)."""

from agreements.loaders.acts import load_seed_agreements, renewal_for_demo, seed_agreement
from agreements.loaders.base import SEED_AGREEMENTS, SEED_TEMPLATES

__all__ = ["SEED_AGREEMENTS", "SEED_TEMPLATES", "load_seed_agreements", "renewal_for_demo", "seed_agreement"]
