from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Theo dõi kết nạp đảng viên")

    def ready(self):
        from tracking import signals  # noqa: F401

        cache_table_signatures()


def cache_table_signatures():
    """Make django-tables2 inspect each value/render function once, not once per cell.

    django-tables2 3.0 calls `inspect.signature` for every cell it renders or exports: half of
    the time of a 40,000-row CSV export (benchmarks/pages.py). A signature depends only on
    the function, so it is cached by the underlying function (bounded: functions made per
    request cannot grow it without limit).
    """
    from functools import lru_cache

    from django_tables2 import utils

    if getattr(utils.signature, "cached_by_tracking", False):
        return
    original = utils.signature

    @lru_cache(maxsize=4096)
    def by_function(function, is_method):
        # A bound method's signature is its function's without the first argument.
        args, keywords = original(function)
        return (args[1:] if is_method else args), keywords

    def signature(fn):
        function = getattr(fn, "__func__", None)
        if function is None or getattr(fn, "__self__", None) is None:
            try:
                return by_function(fn, False)
            except TypeError:  # unhashable callable
                return original(fn)
        return by_function(function, True)

    signature.cached_by_tracking = True
    signature.original = original
    utils.signature = signature
