"""The installed version of the ``webflow-cms`` distribution (its own module, so nothing imports the package root)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("webflow-cms")
except PackageNotFoundError:  # imported from a source tree that was never installed
    __version__ = "0+unknown"
