from smarteka.permissions import has_role, role_regions, rule
from smarteka.roles.models import Role


@rule("appoint_coordinator")
def appoint_coordinator(user, region=None):
    """Only the ASI moderator records a coordinator's appointment or change (F-ACC-6, 2.2.3.1)."""
    return has_role(user, Role.ASI_MODERATOR)


@rule("edit_region_team")
def edit_region_team(user, region=None):
    """The region's head and yearly management team (2.2.1): the ASI moderator, or the coordinator
    of THAT region (2.2.3.2 «актуализация данных на странице региона»)."""
    if has_role(user, Role.ASI_MODERATOR):
        return True
    return region is not None and has_role(user, Role.COORDINATOR, region=region)


@rule("view_coordinator_history")
def view_coordinator_history(user, region=None):
    """The history of coordinator appointments is for the Agency and the region's coordinator."""
    return edit_region_team(user, region)


@rule("edit_leader_registry")
def edit_leader_registry(user, obj=None):
    """The leader registry (F-REF-4, 3.1.1) is entered by the National Ratings Center (the rating
    committee role) or the ASI moderator."""
    return has_role(user, Role.ASI_MODERATOR) or has_role(user, Role.RATING_COMMITTEE)


@rule("view_region_practices_in_work")
def view_region_practices_in_work(user, region=None):
    """F-REF-1: practices of a region still in work are shown to its coordinator and to the Agency
    (the ASI moderator, expert-moderators)."""
    if has_role(user, Role.ASI_MODERATOR) or has_role(user, Role.EXPERT_MODERATOR):
        return True
    return region is not None and has_role(user, Role.COORDINATOR, region=region)


@rule("view_quarterly_report")
def view_quarterly_report(user, region=None):
    """F-REPORT-2 (seed 000 п. 3): a region's quarterly report — with the contacts of the officials
    responsible for adoption (personal data) — is for the coordinator of THAT region and the ASI moderator."""
    if has_role(user, Role.ASI_MODERATOR):
        return True
    return region is not None and has_role(user, Role.COORDINATOR, region=region)


@rule("confirm_quarterly_report")
def confirm_quarterly_report(user, region=None):
    """«Подтвердить отправку отчёта»: only the coordinator of the region sends the region's report (choice: the
    ASI moderator watches, it does not confirm for a region)."""
    return region is not None and has_role(user, Role.COORDINATOR, region=region)


@rule("view_quarterly_report_status")
def view_quarterly_report_status(user, obj=None):
    """F-REPORT-2: the ASI moderator sees which regions downloaded or confirmed their quarterly report."""
    return has_role(user, Role.ASI_MODERATOR)


@rule("view_region_dashboard")
def view_region_dashboard(user, region=None):
    """F-REPORT-1: a region's dashboard — the coordinator of THAT region, the ASI moderator of any region.
    Without a region: whether the user has a dashboard at all (a coordinator of some region, the ASI moderator)."""
    if has_role(user, Role.ASI_MODERATOR):
        return True
    if region is None:
        return bool(role_regions(user, Role.COORDINATOR))
    return has_role(user, Role.COORDINATOR, region=region)


@rule("view_country_dashboard")
def view_country_dashboard(user, obj=None):
    """F-REPORT-1: every region side by side is the Agency's view (the ASI moderator)."""
    return has_role(user, Role.ASI_MODERATOR)
