"""Models of the ``smarteka`` app itself (its sub-apps have their own): the background report jobs."""

from smarteka.reportjobs import JobStatus, ReportJob  # noqa: F401
