"""Loaded into the real worker of test_killed_worker.py (``celery worker --include``) and into the test:
a deadline kind whose recipients take a moment to find, so that the reminder scan is slow enough to be
killed in the middle (issue 15 item 8). Nothing else registers it."""

import os
import time

from smarteka.deadlines.registry import register_kind

SLOW_KIND = "test_slow_scan"


def _slow_recipients(deadline):
    time.sleep(float(os.environ.get("SLOW_SCAN_DELAY", "0")))
    return list(deadline.assignees.all())


register_kind(SLOW_KIND, "Проверочный срок", remind_days_before=0, reminded=_slow_recipients)
