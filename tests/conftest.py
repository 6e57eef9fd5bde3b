"""Suite-wide settings.

Hypothesis explores new random examples on every developer run. Under CI
(``CI`` set, as ``.ci/run`` is run) it is derandomised: the examples are derived
from each test's name, so a submission's verdict cannot hinge on a lucky draw,
and a failure it reports can be rerun exactly. ``HYPOTHESIS_PROFILE=dev`` or
``=ci`` picks one explicitly.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", print_blob=True)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
