from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "cercle.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cercle.accounts.models import User
        from cercle.members.models import Profile

        def create_profile(sender, instance, created, raw=False, **kwargs):
            # Every account has a profile from the start: pages never need to check.
            if created and not raw:
                Profile.objects.get_or_create(user=instance)

        # weak=False: a nested function has no other reference and would be collected at once.
        post_save.connect(
            create_profile, sender=User, weak=False, dispatch_uid="members.create_profile"
        )
