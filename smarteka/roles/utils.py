"""User-side conveniences for roles, kept here so the accounts app need not know about roles."""

from django.db.models import Q

from smarteka.roles.models import RoleGrant


def user_grants(user):
    """The user's active grants with their scopes, role by role."""
    if user is None or not getattr(user, "pk", None):
        return RoleGrant.objects.none()
    return (RoleGrant.objects.active().filter(user_id=user.pk)
            .select_related("region", "category", "federal_district").order_by("role", "pk"))


def roles_display(user):
    """«Региональный координатор (Амурская область)», … — one line per active grant."""
    return [str(grant) for grant in user_grants(user)]


def search_users(query, queryset=None):
    """Users matching every word of ``query`` in the e-mail or the ФИО (case-insensitive)."""
    from smarteka.accounts.models import User

    queryset = User.objects.filter(is_active=True) if queryset is None else queryset
    for word in query.split():
        queryset = queryset.filter(Q(email__icontains=word) | Q(last_name__icontains=word)
                                   | Q(first_name__icontains=word) | Q(middle_name__icontains=word))
    return queryset.order_by("last_name", "first_name", "email")
