"""Setting up a year's raw folder: new-year templates, completeness checks, the raw-input manifest."""
