"""Every registered admin changelist and add form opens for a superuser (Agency staff use the admin
to read and correct records; a broken admin page is a broken back office)."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_admin_changelist_and_add_open(client, model):
    staff = factories.UserFactory(email="root@example.ru", is_staff=True, is_superuser=True)
    client.force_login(staff)
    opts = model._meta
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
    add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add.status_code in (200, 403)  # 403: models whose records only the workflow creates
