"""Assembling the HTML LKjIP from the sections the analysis notebooks saved."""
