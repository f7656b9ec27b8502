"""Deployment-level security pieces that are not the domain's: the client's address for login
throttling, and keeping logged-in pages out of shared caches."""

from django.conf import settings
from django.utils.cache import patch_cache_control


def client_ip(request) -> str | None:
    """The client's address for django-axes, proxy-aware by configuration.

    Behind N reverse proxies (DJANGO_TRUSTED_PROXY_COUNT=N) the client is the N-th address from
    the right of X-Forwarded-For: each trusted proxy appends the address it saw, so anything
    further left came from the client and can be forged. With 0 (the default) the header is
    ignored.
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


class PrivateCacheMiddleware:
    """`Cache-Control: private` on every response to a logged-in user (dashboards, exports,
    whatever page comes next): a proxy or shared cache must never hand one unit's figures to
    another account. Responses that already say how to cache (the admin's never_cache) keep it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and "public" not in response.get("Cache-Control", "")
        ):
            patch_cache_control(response, private=True)
        return response
