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


class SearchSynonym(models.Model):
    """A pair of the catalogue's thesaurus (issue 16 item 4, F-CAT-1): an abbreviation or a synonym of
    Russian public administration and its other form («МФЦ» ↔ «многофункциональный центр»). A query with
    either form finds practices written with the other. Edited in the admin; seeded by migration
    0012_search_synonyms. Choice (the regulation is silent): a pair works both ways; a form of several
    words is matched as all of its words."""

    term = models.CharField("Форма", max_length=120, help_text="Например: МФЦ")
    synonym = models.CharField("Другая форма", max_length=200, help_text="Например: многофункциональный центр")
    is_active = models.BooleanField("Действует", default=True)

    class Meta:
        ordering = ["term", "synonym"]
        constraints = [models.UniqueConstraint(fields=["term", "synonym"], name="search_synonym_unique")]
        verbose_name = "синоним поиска"
        verbose_name_plural = "тезаурус поиска"

    def __str__(self):
        return f"{self.term} ↔ {self.synonym}"


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
