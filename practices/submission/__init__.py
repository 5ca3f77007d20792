"""Submitting a passport and its versions (F-PASS-4, F-PASS-5, F-TRACK-1…3).

- ``completeness``: every unmet condition of F-PASS-4 as the sentences of the refusal, built on the
  ``completeness`` of ``practices.passport``, ``practices.materials`` and ``practices.team``, plus the
  rules of submission alone (organisation type, year, windows, track);
- ``forms``: the track choice;
- ``versions``: the passport's versions and what changed since a reviewer's last look;
- ``views``: the submission page and the versions page (URLs in ``practices/urls.py``).

The actions themselves (submit, resubmit) are the practice's services, ``practices/services.py``; the
models stay in ``practices.models``. This file imports nothing: ``practices.models`` imports ``completeness``.
"""
