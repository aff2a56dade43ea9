from django.contrib import admin

from cercle.communities.models import Charter, Community, Group, Invitation, Membership


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "entry_mode", "visibility", "charter_version", "created_at"]
    search_fields = ["name", "slug"]
    readonly_fields = ["charter_version"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "state", "joined_at", "invited_by"]
    list_filter = ["state", "role", "community"]
    search_fields = ["user__email", "user__name"]
    raw_id_fields = ["user", "invited_by", "decided_by", "invitation"]
    list_select_related = ["user", "community", "invited_by"]


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    """Versions are published by the community's animators (publish_charter) and never
    edited: what members accepted stays what they accepted."""

    list_display = ["community", "version", "published_at", "published_by"]
    readonly_fields = [
        "community",
        "version",
        "body",
        "summary_of_changes",
        "exportable_fields",
        "published_at",
        "published_by",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["community", "created_by", "email", "use_count", "max_uses", "expires_at"]
    raw_id_fields = ["created_by"]
    list_select_related = ["community", "created_by"]


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "kind", "region"]
    list_filter = ["kind", "community"]
