"""What the discussion pages call to show and record reading: one call per page, so that the
discussions views stay as they are (see selectors for what "unread" means)."""

from django.core.paginator import Page

from cercle.discussions.models import Category, Topic
from cercle.notifications import actions, selectors
from cercle.notifications.selectors import TopicReading


def on_topic_list(user, access, page: Page) -> None:
    """Set `unread_count` on the topics of a list page (1 query for a member, else none)."""
    topics = list(page.object_list)
    page.object_list = topics
    selectors.annotate_unread(user, access, topics)


def on_topic_page(user, access, topic: Topic, page: Page) -> TopicReading:
    """Set `is_unread` on the posts shown (and the reading's `first_unread_id`), then record
    that the member has read them: 1 query for a member, and 1 write when the page shows
    something new to them."""
    reading = selectors.topic_reading(access, topic)
    for post in page.object_list:
        post.is_unread = reading.is_unread(post)
        if post.is_unread and reading.first_unread_id is None:
            reading.first_unread_id = post.pk
    actions.mark_topic_read(user=user, topic=topic, reading=reading, posts=page.object_list)
    return reading


def follows_category(user, access, category: Category | None) -> bool:
    """For the follow button of a category page (1 query there, none elsewhere)."""
    if category is None or not access.is_member:
        return False
    return selectors.follows_category(user, category)
