from django.http import HttpRequest


def acting_roles(request: HttpRequest) -> dict[str, object]:
    """The roles the logged-in user acts in, for the header; empty for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"acting_roles": []}
    from governance.selectors import role_assignments_for_user

    return {"acting_roles": role_assignments_for_user(user=user)}
