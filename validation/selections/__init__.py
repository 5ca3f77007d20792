"""Selections («Отборы», F-TRACK-4, 3.2.5–3.2.7, 4.3.4) and Club of Strategic Initiatives sessions (КСИ,
F-TRACK-5, 4.4.9): forms, services, views, urls and demo data. Models stay in ``validation/models.py``
(their migrations), rules in ``validation/permissions.py``."""
