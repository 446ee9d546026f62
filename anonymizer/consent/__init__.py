"""Consent register: which network members may meet *with* a family, gated and audited."""
