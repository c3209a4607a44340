"""The package version (setup.cfg reads it; modules of the package import it from here)."""

__version__ = "0.1.0"
