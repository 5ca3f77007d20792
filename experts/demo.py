"""Demo expert pools (F-VAL-9): a pool per current category with the three demo experts as members of
this year, their Expert role already granted by the ASI moderator (smarteka/accounts/demo.py)."""

import datetime

from django.utils import timezone

from experts.models import ExpertPool, PoolMembership
from practices.models import Category

DEMO_EXPERTS = ("expert1", "expert2", "expert3")
DEMO_CRITERIA = ["competence", "legislation"]


def load(ctx):
    users = ctx.get("users", {})
    experts = [users[name] for name in DEMO_EXPERTS if name in users]
    added_by = users.get("expert-moderator") or users.get("asi")
    confirmed_by = users.get("asi")
    today = timezone.localdate()
    for category in Category.objects.filter(category_set__is_current=True, is_unknown=False):
        pool = ExpertPool.objects.get_or_create(category=category)[0]
        for expert in experts:
            PoolMembership.objects.get_or_create(
                pool=pool, user=expert, year=today.year,
                defaults=dict(valid_from=datetime.date(today.year, 1, 1), valid_until=datetime.date(today.year, 12, 31),
                              criteria=DEMO_CRITERIA, basis="Список экспертов структурного подразделения "
                                                            "(демонстрационные данные)",
                              added_by=added_by, confirmed_by=confirmed_by, confirmed_at=timezone.now()))
    ctx["expert_pools"] = True
