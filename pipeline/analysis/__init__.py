"""Builders of the report's sections: pure functions from processed tables to Sections."""
