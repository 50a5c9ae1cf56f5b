"""The installed package's version, shown on every page and part of every ETag."""

from importlib.metadata import PackageNotFoundError, version

try:
    VERSION = version("unvotes")
except PackageNotFoundError:  # pragma: no cover - run from a source tree without installing
    VERSION = "0+unknown"
