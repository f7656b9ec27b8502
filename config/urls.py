from functools import wraps

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import urls as auth_urls
from django.http import Http404
from django.urls import include, path

PASSWORD_RESET = {
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def _when_mail_is_configured(view):
    """Password reset promises an e-mail: without a mail server (DJANGO_EMAIL_HOST) it is 404."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PASSWORD_RESET_ENABLED:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


accounts = [
    path(str(p.pattern), _when_mail_is_configured(p.callback), name=p.name)
    if p.name in PASSWORD_RESET
    else p
    for p in auth_urls.urlpatterns
]

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(accounts)),
    path("admin/", admin.site.urls),
    path("", include("tracking.urls")),
]
