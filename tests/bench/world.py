"""The bench world around the 100,000 published practices (issue 17, item 2): 10,000 users with the roles
of every queue, 4,000 practices in work, 50,000 replication requests, 1,000,000 deadlines, expert reviews
and notices. Seeded once into the kept bench database (bulk_create and INSERT … SELECT generate_series),
detected afterwards by ``WORLD_MARK``."""

import datetime
import random
import time

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from experts.models import ExpertInvitation, ExpertPool, ExpertReview, PoolMembership
from practices.models import Category, CostRange, Practice, PracticeState
from regions.models import Region
from replication.models import ReplicationRequest
from smarteka.accounts.models import User
from smarteka.deadlines.models import Deadline
from smarteka.roles.models import Role, RoleGrant

USERS = 10_000
REQUESTS = 50_000
DEADLINES = 1_000_000
WORK = {  # practices in work by state (about 4 % of the catalogue, as on the live platform)
    PracticeState.DRAFT: 1200, PracticeState.REGIONAL_REVIEW: 800, PracticeState.PACKAGING: 500,
    PracticeState.EXPERT_REVIEW: 600, PracticeState.RATING_COMMITTEE: 200, PracticeState.READY_TO_PUBLISH: 200,
    PracticeState.REVISION: 500,
}
PASSWORD = "Bench-2026!"
WORLD_MARK = "bench-asi@example.ru"
# the named users a page is measured for: (email, role, scope)
NAMED = {
    "asi": "bench-asi@example.ru",
    "coordinator": "bench-coordinator@example.ru",
    "expert_moderator": "bench-expert-moderator@example.ru",
    "expert": "bench-expert@example.ru",
    "implementation_moderator": "bench-impl@example.ru",
    "recipient": "bench-recipient@example.ru",
    "author": "bench-author@example.ru",
}


def seeded():
    return User.objects.filter(email=WORLD_MARK).exists()


def _users(rng, regions, password):
    now = timezone.now()
    rows = [User(email=f"bench-user-{i}@example.ru", password=password, first_name="Иван", last_name=f"Иванов {i}",
                 middle_name="Иванович", region_id=rng.choice(regions), position="Начальник отдела",
                 organisation_name="Министерство экономического развития", email_verified_at=now)
            for i in range(USERS - len(NAMED))]
    rows += [User(email=email, password=password, first_name="Пётр", last_name=key, region_id=regions[0],
                  position="Министр", is_head=True, email_verified_at=now) for key, email in NAMED.items()]
    User.objects.bulk_create(rows, batch_size=2000)
    return list(User.objects.filter(email__startswith="bench-user-").values_list("pk", flat=True))


def seed_world(base_author):
    """Everything but the 100,000 published practices; returns the seconds taken."""
    started = time.perf_counter()
    rng = random.Random(17)
    regions = list(Region.objects.order_by("pk").values_list("pk", flat=True))
    categories = list(Category.objects.filter(category_set__is_current=True).order_by("order", "pk")
                      .values_list("pk", flat=True))
    costs = list(CostRange.objects.values_list("pk", flat=True))
    user_ids = _users(rng, regions, make_password(PASSWORD))
    named = {key: User.objects.get(email=email) for key, email in NAMED.items()}
    home = regions[0]
    grants = [
        RoleGrant(user=named["asi"], role=Role.ASI_MODERATOR),
        RoleGrant(user=named["coordinator"], role=Role.COORDINATOR, region_id=home),
        RoleGrant(user=named["expert_moderator"], role=Role.EXPERT_MODERATOR, category_id=categories[0]),
        RoleGrant(user=named["expert"], role=Role.EXPERT, category_id=categories[0]),
        RoleGrant(user=named["implementation_moderator"], role=Role.IMPLEMENTATION_MODERATOR),
        RoleGrant(user=named["recipient"], role=Role.RECIPIENT, region_id=home),
        RoleGrant(user=named["author"], role=Role.AUTHOR, region_id=home),
    ]
    recipients = user_ids[:2000]  # 2,000 recipients, 8,000 authors and plain users
    grants += [RoleGrant(user_id=pk, role=Role.RECIPIENT, region_id=rng.choice(regions)) for pk in recipients]
    grants += [RoleGrant(user_id=pk, role=Role.AUTHOR, region_id=rng.choice(regions)) for pk in user_ids[2000:6000]]
    grants += [RoleGrant(user_id=pk, role=Role.IMPLEMENTATION_MODERATOR) for pk in user_ids[6000:6020]]
    grants += [RoleGrant(user_id=pk, role=Role.EXPERT, category_id=categories[i % len(categories)])
               for i, pk in enumerate(user_ids[6020:6320])]
    RoleGrant.objects.bulk_create(grants, batch_size=2000)

    # practices in work, of many authors; the named author has 40 of them, in its home region
    authors = user_ids[2000:6000]
    work = []
    for state, n in WORK.items():
        for i in range(n):
            mine = i < 6
            work.append(Practice(
                author_id=named["author"].pk if mine else rng.choice(authors),
                region_id=home if mine or i % 40 == 0 else rng.choice(regions),
                category_id=categories[0] if i % 8 == 0 else rng.choice(categories),
                cost_range_id=rng.choice(costs), level=rng.randint(1, 3), months_to_launch=rng.randint(1, 24),
                title=f"Практика в работе № {state}-{i}", goal="Цель практики", essence="Суть практики",
                stage_started_at=timezone.now() - datetime.timedelta(days=rng.randint(0, 120), minutes=i),
                state=state, expert_moderator=named["expert_moderator"]
                if state in (PracticeState.PACKAGING, PracticeState.EXPERT_REVIEW) and i % 8 == 0 else None))
    Practice.objects.bulk_create(work, batch_size=2000)

    # expert reviews: the named expert is invited to 60 practices in expert review
    in_review = list(Practice.objects.filter(state=PracticeState.EXPERT_REVIEW).order_by("pk")[:60])
    reviews = ExpertReview.objects.bulk_create([ExpertReview(practice=p) for p in in_review])
    today = timezone.localdate()
    ExpertInvitation.objects.bulk_create([
        ExpertInvitation(review=r, practice=r.practice, expert=named["expert"], invited_by=named["expert_moderator"],
                         due_on=today + datetime.timedelta(days=i % 20 - 5)) for i, r in enumerate(reviews)])
    pool = ExpertPool.objects.filter(category_id=categories[0]).first()
    if pool is not None:
        PoolMembership.objects.get_or_create(pool=pool, user=named["expert"], year=today.year, defaults={
            "valid_from": today.replace(month=1, day=1), "valid_until": today.replace(month=12, day=31),
            "confirmed_at": timezone.now()})

    _requests(rng, regions, recipients, user_ids[6000:6020], named)
    _deadlines(named)
    _notices(user_ids, named)
    with connection.cursor() as cursor:
        for table in ("accounts_user", "roles_rolegrant", "practices_practice", "replication_replicationrequest",
                      "deadlines_deadline", "notifications_notice", "experts_expertinvitation"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def _requests(rng, regions, recipients, moderators, named):
    """50,000 replication requests over the published practices: most closed, the open ones one per
    practice and region; the named implementation moderator has 300, the named recipient 40."""
    published = list(Practice.objects.filter(state=PracticeState.PUBLISHED).order_by("pk").values_list("pk", flat=True))
    states = ["done"] * 3 + ["declined", "refused", "dismissed"] * 2 + ["requested", "assigned", "in_progress"] * 2
    now = timezone.now()
    rows = []
    taken = set()
    for i in range(REQUESTS):
        state = states[i % len(states)]
        practice = published[(i * 7919) % len(published)]
        region = rng.choice(regions)
        if state in ("requested", "assigned", "in_progress"):
            if (practice, region) in taken:
                state = "done"
            taken.add((practice, region))
        recipient = named["recipient"].pk if i % 1250 == 0 else rng.choice(recipients)
        moderator = None
        if state != "requested":
            moderator = named["implementation_moderator"].pk if i % 160 == 0 else rng.choice(moderators)
        rows.append(ReplicationRequest(
            practice_id=practice, recipient_id=recipient, recipient_region_id=region, state=state,
            confirms_studied=True, confirms_ready=True, confirms_cooperation=True, undertakes_documents=True,
            recipient_position="Министр", created_at=now - datetime.timedelta(hours=i % 9000),
            implementation_moderator_id=moderator,
            done_at=now if state == "done" else None,
            closed_at=now if state in ("done", "declined", "refused", "dismissed") else None))
    ReplicationRequest.objects.bulk_create(rows, batch_size=5000)


def _deadlines(named):
    """1,000,000 deadlines on practices and requests, ±2 years around today, in the steady state of a
    running platform; the named users are assignees of a few hundred open ones."""
    ct = ContentType.objects.get_for_model(Practice).pk
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {Deadline._meta.db_table} (kind, content_type_id, object_id, starts_on, due_on, state,
                                                   created_at)
            SELECT 'generic', %(ct)s, g %% 100000 + 1, due - 14, due,
                   CASE WHEN due < %(today)s THEN (ARRAY['met','met','met','met','met','met','met','cancelled',
                                                         'overdue','overdue'])[1 + g %% 10]
                        WHEN g %% 10 = 0 THEN 'met' ELSE 'open' END,
                   now()
            FROM (SELECT g, %(today)s::date + ((g::bigint * 7919) %% 1461 - 730)::int AS due
                  FROM generate_series(1, %(n)s) AS g) s
            """, {"ct": ct, "today": today, "n": DEADLINES})
        for key in ("coordinator", "asi", "author", "implementation_moderator"):
            cursor.execute(
                f"""INSERT INTO {Deadline.assignees.through._meta.db_table} (deadline_id, user_id)
                    SELECT id, %s FROM {Deadline._meta.db_table} WHERE state = 'open' ORDER BY id LIMIT 300""",
                [named[key].pk])


def _notices(user_ids, named):
    """200,000 notices: 20 per user, 2,000 for each named user (a third unread)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO notifications_notice (recipient_id, kind, title, body, url, created_at, read_at,
                                                 email_wanted, digest_wanted, requires_action)
               SELECT u, 'generic', 'Уведомление № ' || g, 'Текст уведомления', '/cabinet/',
                      now() - g * interval '1 hour', CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END,
                      false, false, g %% 10 = 0
               FROM unnest(%s::bigint[]) AS u, generate_series(1, 20) AS g""", [user_ids])
        cursor.execute(
            """INSERT INTO notifications_notice (recipient_id, kind, title, body, url, created_at, read_at,
                                                 email_wanted, digest_wanted, requires_action)
               SELECT u, 'generic', 'Уведомление № ' || g, 'Текст уведомления', '/cabinet/',
                      now() - g * interval '1 hour', CASE WHEN g %% 3 = 0 THEN NULL ELSE now() END,
                      false, false, g %% 10 = 0
               FROM unnest(%s::bigint[]) AS u, generate_series(1, 2000) AS g""",
            [[u.pk for u in User.objects.filter(email__in=NAMED.values())]])


def implemented_links():
    """The regions that implemented a practice (``Practice.implemented_regions``: the home page's map of
    adopted practices, F-PLUS-2) for every completed request of the world — added to a kept bench database
    seeded before the map existed; returns the links inserted (0 when they are there)."""
    through = Practice.implemented_regions.through
    if through.objects.exists():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"""INSERT INTO {through._meta.db_table} (practice_id, region_id)
                           SELECT DISTINCT practice_id, recipient_region_id FROM replication_replicationrequest
                           WHERE state = 'done' ON CONFLICT DO NOTHING""")
        return cursor.rowcount

