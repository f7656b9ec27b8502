"""Keep the derived Progress rows in step with every write to a figure, whoever writes it."""

from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from tracking.models import AdmissionResult, MemberCount, Target
from tracking.services import progress_refresh


@receiver(post_init, sender=Target)
@receiver(post_init, sender=AdmissionResult)
@receiver(post_init, sender=MemberCount)
def remember_locality(sender, instance, **kwargs):
    """A figure moved to another locality must refresh the one it left too."""
    instance._loaded_locality_id = instance.__dict__.get("locality_id")


@receiver(post_save, sender=Target)
@receiver(post_save, sender=AdmissionResult)
@receiver(post_save, sender=MemberCount)
@receiver(post_delete, sender=Target)
@receiver(post_delete, sender=AdmissionResult)
@receiver(post_delete, sender=MemberCount)
def figure_changed(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture's own Progress rows, if any, are loaded as they are
        return
    locality_ids = {instance.locality_id}
    previous = getattr(instance, "_loaded_locality_id", None)
    if previous is not None:
        locality_ids.add(previous)
    progress_refresh(locality_ids=locality_ids)
