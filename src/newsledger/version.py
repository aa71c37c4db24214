"""The package version (its own module so that readers can name it without importing the pipeline)."""

__version__ = "0.1.0"
