"""Issue 17 item 4: a stateless web tier and Celery queues that scale per queue."""

import re

import pytest
import yaml
from django.conf import settings
from django.test import Client
from django.urls import reverse

import smarteka.settings as production
from smarteka import production as production_commands
from smarteka import stack
from smarteka.celery import app


def queue_of(task_name):
    return app.amqp.router.route({}, task_name)["queue"].name


def test_issue_17_item_4_tasks_go_to_their_queues():
    app.loader.import_default_modules()
    assert queue_of("smarteka.notifications.tasks.send_notice_email") == "mail"
    assert queue_of("notifications.sweep_unsent_emails") == "mail"
    assert queue_of("deadlines.scan") == "deadlines"
    assert queue_of("validation.archiving_check") == "deadlines"
    assert queue_of("practices.monthly_digest") == "reports"
    assert queue_of("smarteka.worker_heartbeat") == "default"
    queues = set(settings.CELERY_QUEUES_ALL.split(","))
    assert queues == {"default", "mail", "deadlines", "reports"}
    for name in app.tasks:
        if not name.startswith("celery."):
            assert queue_of(name) in queues, name
    for entry in app.conf.beat_schedule.values():  # beat sends by name: the same routes apply
        assert queue_of(entry["task"]) in queues


def test_issue_17_item_4_every_queue_has_a_worker_locally_and_in_docker_compose():
    assert stack.CELERY_QUEUES == settings.CELERY_QUEUES_ALL  # `make run`: one worker for all queues
    assert "-Q" in production_commands.worker_command() and settings.CELERY_QUEUES_ALL in production_commands.worker_command()
    compose = yaml.safe_load((settings.BASE_DIR / "docker-compose.yml").read_text())
    consumed = set()
    workers = [service for service in compose["services"].values() if " worker" in service.get("command", "")]
    for worker in workers:
        consumed |= set(re.search(r"(?:-Q|--queues) (\S+)", worker["command"]).group(1).split(","))
    assert len(workers) == 2 and consumed == set(settings.CELERY_QUEUES_ALL.split(","))
    assert compose["services"]["web"]["deploy"]["replicas"] == 2
    assert compose["services"]["postgres"]["image"] == "postgres:18"


def test_issue_17_item_4_web_tier_keeps_no_state_in_the_process():
    """Sessions and messages in PostgreSQL, the cache in Redis, files in the storage: any node serves any request."""
    assert settings.SESSION_ENGINE in ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
    assert settings.MESSAGE_STORAGE == "django.contrib.messages.storage.session.SessionStorage"
    backend = production.CACHES["default"]["BACKEND"]
    assert "locmem" not in backend and "filebased" not in backend and "dummy" not in backend


@pytest.mark.django_db
def test_issue_17_item_4_a_session_from_one_node_holds_on_another(author):
    first_node, second_node = Client(), Client()
    first_node.force_login(author)
    second_node.cookies[settings.SESSION_COOKIE_NAME] = first_node.cookies[settings.SESSION_COOKIE_NAME].value
    response = second_node.get(reverse("cabinet"))
    assert response.status_code == 200 and response.context["user"] == author
