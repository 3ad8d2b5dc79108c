"""Test-wide settings. Under CI (``HYPOTHESIS_PROFILE=ci``, set by ``.ci/run``) hypothesis runs
derandomized, so whether a change lands depends on the code, not on the day's random seed; a
developer's runs keep exploring new examples (and a failure they find becomes an ``@example``)."""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
