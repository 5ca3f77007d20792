"""Issue 15 item 2: the production settings pass `manage.py check --deploy` with no warning.

The check runs in a subprocess on the plain production settings (smarteka.settings) with DEBUG off, a real
SECRET_KEY, ALLOWED_HOSTS and an https SITE_URL — what docker-compose's .env gives."""

import subprocess

from tests.production import BASE_DIR, PYTHON, production_env


def check_deploy(**env):
    return subprocess.run(
        [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR, env=production_env(**env), capture_output=True, text=True, timeout=120)


def test_production_settings_pass_check_deploy_without_warnings():
    result = check_deploy()
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output
    assert "WARNING" not in output


def test_check_deploy_fails_the_suite_when_a_protection_is_switched_off():
    """The test above would notice a regression: without HSTS the same check fails at WARNING level."""
    result = check_deploy(SECURE_HSTS_SECONDS=0)
    assert result.returncode != 0
    assert "security.W004" in result.stdout + result.stderr
