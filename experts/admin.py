"""Admin views of expert pools, memberships, evaluations and meetings (votes are read-only here)."""

from django.contrib import admin

from experts.models import (
    Evaluation,
    ExpertInvitation,
    ExpertPool,
    ExpertReview,
    OfflineMeeting,
    PoolMembership,
)


class MembershipInline(admin.TabularInline):
    model = PoolMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(ExpertPool)
class ExpertPoolAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    inlines = [MembershipInline]


class InvitationInline(admin.TabularInline):
    model = ExpertInvitation
    extra = 0
    raw_id_fields = ["practice", "expert", "invited_by"]


@admin.register(ExpertReview)
class ExpertReviewAdmin(admin.ModelAdmin):
    list_display = ["practice", "outcome", "closed_at"]
    raw_id_fields = ["practice"]
    inlines = [InvitationInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "decision", "submitted_at"]

    def has_change_permission(self, request, obj=None):
        return False  # a given vote is a record, not an editable form


admin.site.register(OfflineMeeting)
