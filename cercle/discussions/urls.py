from django.urls import path

from cercle.discussions.views import (
    attachments,
    categories,
    decisions,
    drafts,
    posts,
    search,
    topics,
)

app_name = "discussions"
urlpatterns = [
    path("c/<slug:slug>/discussions/", topics.topic_list, name="list"),
    path("c/<slug:slug>/search/", search.community_search, name="search"),
    path("search/", search.search_everywhere, name="search_all"),
    path("c/<slug:slug>/discussions/new/", topics.topic_new, name="new"),
    path("c/<slug:slug>/discussions/new/draft/", drafts.autosave_topic, name="draft_topic"),
    path("c/<slug:slug>/discussions/categories/", categories.categories, name="categories"),
    path(
        "c/<slug:slug>/discussions/categories/<str:category_slug>/",
        topics.topic_list,
        name="category",
    ),
    path("c/<slug:slug>/discussions/groups/<slug:group_slug>/", topics.topic_list, name="group"),
    path("c/<slug:slug>/t/<int:topic_id>/", topics.topic_detail, name="topic"),
    path("c/<slug:slug>/t/<int:topic_id>/draft/", drafts.autosave_reply, name="draft_reply"),
    path("c/<slug:slug>/t/<int:topic_id>/close/", decisions.close, name="close"),
    path("c/<slug:slug>/t/<int:topic_id>/accept/<int:post_id>/", decisions.accept, name="accept"),
    path("c/<slug:slug>/t/<int:topic_id>/idea/vote/", decisions.idea_vote, name="idea_vote"),
    path("c/<slug:slug>/t/<int:topic_id>/idea/status/", decisions.idea_status, name="idea_status"),
    path("c/<slug:slug>/t/<int:topic_id>/poll/", decisions.poll_vote, name="poll_vote"),
    path("c/<slug:slug>/p/<int:post_id>/", posts.post_link, name="post"),
    path("c/<slug:slug>/p/<int:post_id>/edit/", posts.post_edit, name="edit"),
    path("c/<slug:slug>/p/<int:post_id>/history/", posts.post_history, name="history"),
    path("c/<slug:slug>/p/<int:post_id>/delete/", posts.post_delete, name="delete"),
    path("c/<slug:slug>/p/<int:post_id>/restore/", posts.post_restore, name="restore"),
    path("c/<slug:slug>/p/<int:post_id>/react/", posts.post_react, name="react"),
    path("c/<slug:slug>/files/<int:attachment_id>/", attachments.attachment, name="attachment"),
    path("me/drafts/", drafts.my_drafts, name="drafts"),
    path("me/drafts/<int:draft_id>/discard/", drafts.discard, name="discard_draft"),
]
