"""Cleaning: raw inputs to the tidy tables of data/processed/<year>/."""
