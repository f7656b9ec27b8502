"""Who made a write outside a request: management commands name the account, and every
simple-history record they cause (localities, articles, figures) carries it, as a request's
logged-in user would in the admin."""

from __future__ import annotations

import getpass
from contextlib import contextmanager
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from simple_history.models import HistoricalRecords

SYSTEM_PREFIX = "system."


@contextmanager
def history_user(user):
    """Inside the block, every history record without a user of its own names `user`."""
    context = HistoricalRecords.context
    previous = getattr(context, "request", None)
    context.request = SimpleNamespace(user=user)
    try:
        yield user
    finally:
        if previous is None:
            del context.request
        else:
            context.request = previous


def system_account(login: str | None = None):
    """The account that stands for the operating-system user running a command (`system.root`):
    created inactive and without a usable password, so it records writes and never logs in.

    Raises LookupError when the system user cannot be told (no login name in the environment).
    """
    if login is None:
        try:
            login = getpass.getuser()
        except (KeyError, OSError) as exc:
            raise LookupError("the system user running this command is unknown") from exc
    login = "".join(c for c in login if c.isalnum() or c in "._-")[:100]
    if not login:
        raise LookupError("the system user running this command has no usable name")
    user, created = get_user_model().objects.get_or_create(
        username=f"{SYSTEM_PREFIX}{login}",
        defaults={"is_active": False, "first_name": "Tài khoản hệ thống"},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def acting_user(username: str | None):
    """Who a command's writes are recorded as: the account `username` (--user), else the
    system user's own account (`system_account`). LookupError says why neither can be had."""
    if username:
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise LookupError(f"--user: no user named {username!r}") from exc
    try:
        return system_account()
    except LookupError as exc:
        raise LookupError(
            f"{exc}: name who is making these changes with --user USERNAME "
            "(every write records who made it)"
        ) from exc
