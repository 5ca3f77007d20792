"""Models of the public catalogue (F-CAT-1) and of appreciation and the monthly digest (F-CAT-4)."""

from django.db import models


class SearchWord(models.Model):
    """A word of a published or archived practice's text, for «Возможно, вы имели в виду …» (pg_trgm).

    Filled by the database trigger of migration 0006_catalogue and rebuilt by
    ``practices.catalogue.search.refresh_search_words()``."""

    word = models.CharField(max_length=100, primary_key=True)
    ndoc = models.PositiveIntegerField(default=1)

    class Meta:
        # the trigram index (gin_trgm_ops) is created by migration 0006_catalogue where pg_trgm exists
        verbose_name = "слово каталога"
        verbose_name_plural = "слова каталога"

    def __str__(self):
        return self.word


class Appreciation(models.Model):
    """«Полезно»: one mark per user and practice, can be taken back (F-CAT-4)."""

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="appreciations")
    practice = models.ForeignKey("practices.Practice", on_delete=models.CASCADE, related_name="appreciations")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "practice"], name="appreciation_unique")]
        verbose_name = "отметка «Полезно»"
        verbose_name_plural = "отметки «Полезно»"

    def __str__(self):
        return f"{self.user} → {self.practice}"


class DigestSubscription(models.Model):
    """A user who asked for the monthly digest by e-mail (F-CAT-4)."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="digest_subscription")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "подписка на дайджест"
        verbose_name_plural = "подписки на дайджест"

    def __str__(self):
        return str(self.user)


class DigestIssue(models.Model):
    """One monthly digest sent: unique per month, so a second run of the task sends nothing."""

    month = models.DateField("Месяц (первое число)", unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month"]
        verbose_name = "выпуск дайджеста"
        verbose_name_plural = "выпуски дайджеста"

    def __str__(self):
        return f"Дайджест за {self.month:%m.%Y}"
