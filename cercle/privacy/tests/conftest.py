import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


@pytest.fixture
def alice_with_history(alice, bob, community):
    """Alice with a profile and photo, a topic, a reply, a reaction and an invitation."""
    from cercle.communities.actions.invitations import create_invitation_link
    from cercle.discussions.actions import react, reply, start_topic
    from cercle.members.actions import update_profile
    from cercle.members.models import Profile

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    profile, _ = Profile.objects.get_or_create(user=alice)
    profile.photo.save("me.png", SimpleUploadedFile("me.png", buffer.getvalue()), save=True)
    update_profile(
        profile=profile,
        fields={"organisation": "Mairie de Lyon", "bio": "Acheteuse publique", "city": "Lyon"},
        skills=["Marchés publics"],
        interests=["Achats durables"],
    )
    topic = start_topic(
        community=community, author=alice, kind="discussion", title="Alice's question", body="Q?"
    )
    bobs = reply(topic=topic, author=bob, body="Bob answers")
    mine = reply(topic=topic, author=alice, body="Alice thanks Bob")
    react(post=bobs, user=alice, kind="thanks")
    create_invitation_link(community=community, inviter=alice, max_uses=3, days=7)
    return alice, topic, bobs, mine
