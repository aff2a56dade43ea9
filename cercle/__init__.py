"""Cercle: where professional communities of practice live."""
