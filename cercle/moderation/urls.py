from django.urls import path

from cercle.moderation.views import decide, log, mine, queue, reports, rules

app_name = "moderation"
urlpatterns = [
    path("c/<slug:slug>/moderation/", queue.queue, name="queue"),
    path("c/<slug:slug>/moderation/reports/<int:report_id>/", queue.report_detail, name="report"),
    path(
        "c/<slug:slug>/moderation/reports/<int:report_id>/dismiss/", queue.dismiss, name="dismiss"
    ),
    path(
        "c/<slug:slug>/moderation/pending/<int:pending_id>/approve/", queue.approve, name="approve"
    ),
    path("c/<slug:slug>/moderation/pending/<int:pending_id>/reject/", queue.reject, name="reject"),
    path(
        "c/<slug:slug>/moderation/report/post/<int:post_id>/",
        reports.report_post,
        name="report_post",
    ),
    path(
        "c/<slug:slug>/moderation/report/topic/<int:topic_id>/",
        reports.report_topic,
        name="report_topic",
    ),
    path(
        "c/<slug:slug>/moderation/report/member/<int:user_id>/",
        reports.report_member,
        name="report_member",
    ),
    path("c/<slug:slug>/moderation/posts/<int:post_id>/", decide.post_decide, name="post"),
    path("c/<slug:slug>/moderation/topics/<int:topic_id>/", decide.topic_decide, name="topic"),
    path("c/<slug:slug>/moderation/members/<int:user_id>/", decide.member_decide, name="member"),
    path("c/<slug:slug>/moderation/decisions/", log.decisions, name="decisions"),
    path(
        "c/<slug:slug>/moderation/decisions/<int:action_id>/reverse/",
        log.reverse_decision,
        name="reverse",
    ),
    path("c/<slug:slug>/moderation/log/", log.public_log, name="log"),
    path("c/<slug:slug>/moderation/me/", mine.mine, name="mine"),
    path("c/<slug:slug>/moderation/settings/", rules.rules, name="rules"),
]
