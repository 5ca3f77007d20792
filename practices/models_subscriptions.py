"""Subscriptions to new practices of a category or a region, and the log of what was sent (F-PLUS-5)."""

from django.db import models
from django.db.models import Q


class Subscription(models.Model):
    """A logged-in user's wish to get an e-mail for each practice newly published in a category or a
    region. Exactly one of ``category`` and ``region`` is set.

    choice (the regulation is silent): subscriptions are per user account — the e-mail goes to the
    account's address; deleting the account deletes its subscriptions."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="practice_subscriptions")
    category = models.ForeignKey("Category", verbose_name="Категория", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey("regions.Region", verbose_name="Регион", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "подписка на новые практики"
        verbose_name_plural = "подписки на новые практики"
        constraints = [
            models.CheckConstraint(
                condition=(Q(category__isnull=False, region__isnull=True)
                           | Q(category__isnull=True, region__isnull=False)),
                name="subscription_category_xor_region"),
            models.UniqueConstraint(fields=["user", "category"], condition=Q(category__isnull=False),
                                    name="subscription_unique_category"),
            models.UniqueConstraint(fields=["user", "region"], condition=Q(region__isnull=False),
                                    name="subscription_unique_region"),
        ]

    def __str__(self):
        return f"{self.user_id}: {self.category or self.region}"

    @property
    def target(self):
        return self.category or self.region


class SubscriptionSent(models.Model):
    """One row per (practice, subscriber) e-mailed: inserted before sending with ON CONFLICT DO NOTHING, so
    a publication announced twice (a retried task, two workers) e-mails each subscriber once."""

    practice = models.ForeignKey("Practice", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "письмо о новой практике"
        verbose_name_plural = "письма о новых практиках"
        constraints = [models.UniqueConstraint(fields=["practice", "user"], name="subscription_sent_once")]

    def __str__(self):
        return f"{self.practice_id} → {self.user_id}"
