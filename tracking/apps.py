from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrackingConfig(AppConfig):
    name = "tracking"
    verbose_name = _("Theo dõi kết nạp đảng viên")

    def ready(self):
        from tracking import signals  # noqa: F401
