from django.urls import path

from cercle.communities.views import browse, groups, invite, joining, manage

app_name = "communities"
urlpatterns = [
    path("c/new/", browse.create, name="create"),
    path("c/<slug:slug>/", browse.detail, name="detail"),
    path("c/<slug:slug>/join/", joining.join, name="join"),
    path("c/<slug:slug>/charter/", joining.charter, name="charter"),
    path("c/<slug:slug>/leave/", joining.leave, name="leave"),
    path("c/<slug:slug>/invite/", invite.invite, name="invite"),
    path("c/<slug:slug>/invite/<int:invitation_id>/revoke/", invite.revoke, name="revoke"),
    path("c/<slug:slug>/groups/", groups.group_list, name="groups"),
    path("c/<slug:slug>/groups/<slug:group_slug>/", groups.group_detail, name="group"),
    path(
        "c/<slug:slug>/groups/<slug:group_slug>/membership/",
        groups.group_membership,
        name="group_membership",
    ),
    path(
        "c/<slug:slug>/groups/<slug:group_slug>/animators/<int:user_id>/",
        groups.group_set_animator,
        name="group_set_animator",
    ),
    path("c/<slug:slug>/manage/", manage.settings_view, name="manage"),
    path("c/<slug:slug>/manage/charter/", manage.charter_edit, name="manage_charter"),
    path("c/<slug:slug>/manage/requests/", manage.requests_view, name="manage_requests"),
    path(
        "c/<slug:slug>/manage/requests/<int:membership_id>/",
        manage.decide_request,
        name="decide_request",
    ),
    path("c/<slug:slug>/manage/members/", manage.members_view, name="manage_members"),
    path(
        "c/<slug:slug>/manage/members/<int:membership_id>/role/", manage.set_role, name="set_role"
    ),
    path("c/<slug:slug>/manage/invitations/", manage.invitations_view, name="manage_invitations"),
    path("c/<slug:slug>/manage/groups/new/", manage.group_create, name="group_create"),
    path("i/<str:token>/", joining.invitation, name="invitation"),
]
