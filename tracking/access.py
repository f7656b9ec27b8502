"""Who sees and changes what: the one place where an account's scope is decided.

An account sees the units it was granted (`UnitAccess`) and everything beneath them, through
the closure table at every date: a new province's scope includes its predecessor provinces'
units before 01/07/2025. The superuser sees everything; an account with no unit sees nothing.
Roles include one another: Xem (read) < Nhập liệu (also write, review) < Phê duyệt (also
approve and unlock).

Every page, table, export, chart, filter, admin changelist, form choice and command reads
through `visible_to(user)` (or `editable_by` / `approvable_by` for writes), the QuerySet methods
of `ScopedQuerySetMixin`; none re-implements the rule. Everything here is one subquery added to
the caller's query: no extra round trip per page.
"""

from __future__ import annotations

from django.db.models import Q

# In increasing order of power; each role includes those before it.
ROLE_ORDER = ("xem", "nhap-lieu", "phe-duyet")
VIEW, EDIT, APPROVE = ROLE_ORDER


def roles_at_least(role: str) -> list[str]:
    """The roles that include `role` (for EDIT: Nhập liệu and Phê duyệt)."""
    return list(ROLE_ORDER[ROLE_ORDER.index(role) :])


def is_unrestricted(user) -> bool:
    """The superuser (the register, the benchmark and accounts, every unit), and the account
    standing for the system user who runs a command on the server (`ingest` without --user)."""
    if user is None:
        return False
    return bool(user.is_active and user.is_superuser) or is_system_account(user)


def is_system_account(user) -> bool:
    """`system.<login>` (tracking.history.system_account): inactive, never logs in."""
    from tracking.history import SYSTEM_PREFIX

    return (
        not user.is_active
        and user.get_username().startswith(SYSTEM_PREFIX)
        and not user.has_usable_password()
    )


def _is_account(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def granted_units(user, role: str = VIEW):
    """Ids of the units granted to `user` with `role` or a stronger one (a subquery)."""
    from tracking.models import UnitAccess

    return UnitAccess.objects.filter(user=user, role__in=roles_at_least(role)).values("unit")


def units_in_scope(user, role: str = VIEW):
    """Ids of every unit `user` may act on in `role`: the granted ones and all beneath them."""
    from tracking.models import LocalityLink

    return LocalityLink.objects.filter(ancestor__in=granted_units(user, role)).values("descendant")


def _grants(user) -> list[tuple[int, str]]:
    """(unit id, role) of each grant, read once per request (cached on the user object)."""
    if not hasattr(user, "_unit_grants"):
        user._unit_grants = list(user.unit_access.values_list("unit_id", "role"))
    return user._unit_grants


def has_scope(user) -> bool:
    """Whether `user` sees anything at all."""
    if is_unrestricted(user):
        return True
    return _is_account(user) and bool(_grants(user))


def home_unit(user):
    """The account's first granted unit (its dashboards' top level); None for the superuser
    (the whole country) and for an account without a unit."""
    if is_unrestricted(user) or not _is_account(user) or not _grants(user):
        return None
    from tracking.models import Locality

    return Locality.objects.get(pk=min(unit for unit, _role in _grants(user)))


def scope_q(user, path: str, role: str = VIEW) -> Q | None:
    """The filter `path`__in <units in scope>; None when there is nothing to restrict."""
    if is_unrestricted(user):
        return None
    if not _is_account(user):
        return Q(pk__in=[])
    return Q(**{f"{path}__in": units_in_scope(user, role)})


def allows(user, locality, role: str = VIEW) -> bool:
    """Whether `user` may act on `locality` in `role` (one query unless superuser)."""
    if is_unrestricted(user):
        return True
    if locality is None or not _is_account(user):
        return False
    if not any(granted in roles_at_least(role) for _unit, granted in _grants(user)):
        return False  # no grant of that role at all: no need to ask the hierarchy
    from tracking.models import LocalityLink

    pk = getattr(locality, "pk", locality)
    return LocalityLink.objects.filter(
        descendant_id=pk, ancestor__in=granted_units(user, role)
    ).exists()


def can_edit(user, locality) -> bool:
    return allows(user, locality, EDIT)


def can_approve(user, locality) -> bool:
    return allows(user, locality, APPROVE)


class ScopedQuerySetMixin:
    """`visible_to(user)`, `editable_by(user)`, `approvable_by(user)` for a QuerySet whose rows
    belong to a unit through `scope_path` (a lookup ending at a Locality)."""

    scope_path = "locality"

    def _in_scope(self, user, role):
        condition = scope_q(user, self.scope_path, role)
        return self.all() if condition is None else self.filter(condition)

    def visible_to(self, user):
        """Rows of the units `user` sees (everything for the superuser, nothing without scope)."""
        return self._in_scope(user, VIEW)

    def editable_by(self, user):
        """Rows of the units `user` may add to and correct (Nhập liệu, Phê duyệt)."""
        return self._in_scope(user, EDIT)

    def approvable_by(self, user):
        """Rows of the units `user` may approve and unlock (Phê duyệt)."""
        return self._in_scope(user, APPROVE)
