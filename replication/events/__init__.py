"""Events of the plan-schedule and the federal-district curators (F-EVT-1, F-EVT-2, 5.2): their services
(``services.py``); the models stay in ``replication/models.py`` where the migrations keep them."""
