"""The small family of errors the core raises; adapters turn them into friendly replies."""


class QabotError(Exception):
    """Base class: the message is shown to the user as it is, so it must say what to do."""


class CorpusError(QabotError):
    """The corpus is missing, unreadable or ends up with no usable document."""


class ConfigError(QabotError):
    """The configuration file or environment is invalid."""


class IndexCacheError(QabotError):
    """A cached index file is corrupt, truncated or from another version (it is rebuilt)."""


def internal_error(exc: BaseException) -> str:
    """What a user is told of a bug (not of bad input): that it is one, its kind, and how to
    see more. The adapters say it in one line and carry on, instead of a traceback."""
    return (f"qabot met an internal error ({type(exc).__name__}) and could not answer that; "
            "please report it (--debug shows the details)")
