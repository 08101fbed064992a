"""A client library for accessing OpenAI Evals runs"""

from typing import TYPE_CHECKING

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
    "__version__",
)

# This package ships inside the openai-evals-runs distribution and has no version of its own:
# `__version__` is that distribution's, read from the installed metadata on first use. Importing
# stays cheap (importlib.metadata loads only when asked) and a version bump changes nothing here.
_DISTRIBUTION = "openai-evals-runs"

if TYPE_CHECKING:
    __version__: str
else:

    def __getattr__(name: str) -> str:
        if name != "__version__":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version(_DISTRIBUTION)
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "0+unknown"
        globals()["__version__"] = found
        return found
