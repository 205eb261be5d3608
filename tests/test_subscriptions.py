"""Subscriptions: one-step subscribe, narrowing by region and topic, blocks and returns."""

import pytest

from bot.access.roles import Region
from bot.broadcasts.subscriptions import Audience, parse_audience_region
from bot.config import Config, RolesSettings, StorageSettings
from bot.errors import NotFound, UserError
from bot.services import build_services

OFFICERS = [
    {"id": 501, "region": "Jawa Barat / Kabupaten Bekasi"},
    {"id": 502, "region": "Jawa Barat / Kota Bandung"},
    {"id": 503, "region": "Jawa Timur / Kota Surabaya"},
]


@pytest.fixture
def subscriptions(clock, real_holder):
    config = Config(
        storage=StorageSettings(path=":memory:"),
        roles=RolesSettings(admins=[900], officers=OFFICERS),
    )
    return build_services(config, clock=clock, holder=real_holder).subscriptions


def test_subscribe_is_one_step_and_idempotent(subscriptions):
    subscription, new = subscriptions.subscribe(11, 11, "id")
    assert new and subscription.active
    assert (subscription.province, subscription.district, subscription.topics) == (None, None, ())
    subscriptions.set_region(11, "Jawa Barat")
    again, new = subscriptions.subscribe(11, 11, "id")
    assert not new and again.province == "Jawa Barat"  # an active subscription keeps its filters
    assert subscriptions.db["subscribers"].count == 1


def test_unsubscribe_and_subscribe_again_starts_with_everything(subscriptions):
    subscriptions.subscribe(11, 11, "id")
    subscriptions.toggle_topic(11, "iomki")
    assert subscriptions.unsubscribe(11) is True
    assert subscriptions.unsubscribe(11) is False
    assert not subscriptions.subscription(11).active
    renewed, new = subscriptions.subscribe(11, 11, "id")
    assert new and renewed.topics == ()


def test_narrowing_needs_an_active_subscription(subscriptions):
    with pytest.raises(NotFound, match="belum berlangganan"):
        subscriptions.set_region(12, "Jawa Barat")


def test_topics_toggle_and_reset(subscriptions):
    subscriptions.subscribe(11, 11, "id")
    subscriptions.toggle_topic(11, "pelaporan")
    assert subscriptions.toggle_topic(11, "iomki").topics == ("iomki", "pelaporan")
    assert subscriptions.toggle_topic(11, "pelaporan").topics == ("iomki",)
    assert subscriptions.all_topics(11).topics == ()
    with pytest.raises(UserError, match="Topik tidak dikenal"):
        subscriptions.toggle_topic(11, "vaksin")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Jawa Barat / Kabupaten Bekasi", ("Jawa Barat", "Kabupaten Bekasi")),
        ("  Jawa Timur  ", ("Jawa Timur", None)),
    ],
)
def test_typed_regions(subscriptions, typed, expected):
    subscriptions.subscribe(11, 11, "id")
    subscription = subscriptions.set_region_text(11, typed)
    assert (subscription.province, subscription.district) == expected
    assert subscriptions.set_region_text(11, "semua").province is None


def test_bad_typed_region_is_a_polite_error():
    with pytest.raises(UserError, match="Provinsi / Kabupaten"):
        parse_audience_region("Jawa Barat / ")


def populate(subscriptions):
    """Subscribers with every kind of filter; returns chat id -> description."""
    subscriptions.subscribe(1, 1, "id")  # everything
    for chat, province, district in [
        (2, "Jawa Barat", None),
        (3, "Jawa Barat", "Kota Bandung"),
        (4, "jawa barat", "kabupaten bekasi"),
        (5, "Jawa Timur", "Kota Surabaya"),
    ]:
        subscriptions.subscribe(chat, chat, "id")
        subscriptions.set_region(chat, province, district)
    subscriptions.subscribe(6, 6, "id")
    subscriptions.toggle_topic(6, "iomki")
    subscriptions.subscribe(7, 7, "id")
    subscriptions.set_region(7, "Jawa Barat", "Kabupaten Bekasi")
    subscriptions.toggle_topic(7, "pelaporan")
    subscriptions.subscribe(8, 8, "id")
    subscriptions.unsubscribe(8)


def chats_for(subscriptions, audience):
    """The chat ids an audience reaches."""
    from bot.broadcasts.subscriptions import audience_filter

    where, params = audience_filter(audience)
    return sorted(
        row["chat_id"] for row in subscriptions.db["subscribers"].rows_where(where, params)
    )


@pytest.mark.parametrize(
    ("audience", "chats"),
    [
        (Audience(), [1, 2, 3, 4, 5, 6, 7]),
        (Audience("Jawa Barat"), [1, 2, 3, 4, 6, 7]),
        (Audience("Jawa Barat", "Kabupaten Bekasi"), [1, 2, 4, 6, 7]),
        (Audience("JAWA BARAT", "kota bandung"), [1, 2, 3, 6]),
        (Audience(topic="iomki"), [1, 2, 3, 4, 5, 6]),
        (Audience(topic="pelaporan"), [1, 2, 3, 4, 5, 7]),
        (Audience("Jawa Barat", "Kabupaten Bekasi", "iomki"), [1, 2, 4, 6]),
        (Audience("Papua"), [1, 6]),
    ],
)
def test_audience_reaches_matching_subscribers(subscriptions, audience, chats):
    populate(subscriptions)
    assert chats_for(subscriptions, audience) == chats
    assert subscriptions.count(audience) == len(chats)


def test_regions_come_from_active_officers(subscriptions):
    assert subscriptions.regions() == [
        Region("Jawa Barat", "Kabupaten Bekasi"),
        Region("Jawa Barat", "Kota Bandung"),
        Region("Jawa Timur", "Kota Surabaya"),
    ]


def test_blocking_unsubscribes_and_the_user_is_welcomed_back_once(subscriptions):
    subscriptions.subscribe(11, 11, "id")
    assert subscriptions.welcome_back(11) is None
    subscriptions.mark_blocked(11)
    subscriptions.mark_blocked(11)  # my_chat_member, then a 403 from a broadcast
    subscription = subscriptions.subscription(11)
    assert not subscription.active
    row = subscriptions.db["subscribers"].get(11)
    assert row["unsubscribed_reason"] == "blocked"
    subscriptions.mark_unblocked(11)
    returning = subscriptions.welcome_back(11)
    assert returning is not None and returning.was_subscribed
    assert subscriptions.welcome_back(11) is None


def test_a_non_subscriber_who_blocked_is_welcomed_back_without_resubscribe_offer(subscriptions):
    subscriptions.mark_blocked(12)
    assert subscriptions.welcome_back(12).was_subscribed is False
    assert subscriptions.subscription(12) is None
