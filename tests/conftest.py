"""Test configuration: Hypothesis profiles.

``dev`` (default) runs quickly; ``ci`` (selected when ``CI`` is set, or with
``HYPOTHESIS_PROFILE=ci``) runs more examples and prints statistics on failure.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
