"""/langganan subscribes to every announcement (buttons narrow it), /berhenti; blocks, returns."""

from __future__ import annotations

from html import escape

from telegram import ChatMember, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    filters,
)

from bot.access.roles import Region
from bot.broadcasts.subscriptions import Subscription
from bot.errors import UserError
from bot.messages import text
from handlers.broadcast_rendering import (
    resubscribe_keyboard,
    subscription_districts_keyboard,
    subscription_keyboard,
    subscription_provinces_keyboard,
    subscription_text,
    subscription_topics_keyboard,
    token,
)
from handlers.commands import help_text
from handlers.context import language_of, services_of

#: The group for welcome_back_handlers(): before group 0, whose /start it replaces once.
WELCOME_BACK_GROUP = -2
GONE = (ChatMember.BANNED, ChatMember.LEFT)


def subscription_handlers() -> list[BaseHandler]:
    """Subscription commands, their buttons and the bot's own membership, for group 0."""
    return [
        CommandHandler(["langganan", "subscribe"], subscribe),
        CommandHandler(["berhenti", "unsubscribe"], unsubscribe),
        CallbackQueryHandler(subscription_menu_button, pattern=r"^sub:menu$"),
        CallbackQueryHandler(regions_button, pattern=r"^sub:regions$"),
        CallbackQueryHandler(every_region_button, pattern=r"^sub:allreg$"),
        CallbackQueryHandler(province_button, pattern=r"^sub:prov:[0-9a-f]{10}$"),
        CallbackQueryHandler(district_button, pattern=r"^sub:dist:[0-9a-f]{10}$"),
        CallbackQueryHandler(topics_button, pattern=r"^sub:topics$"),
        CallbackQueryHandler(topic_button, pattern=r"^sub:top:[\w-]+$"),
        CallbackQueryHandler(every_topic_button, pattern=r"^sub:alltop$"),
        CallbackQueryHandler(resubscribe_button, pattern=r"^sub:again$"),
        ChatMemberHandler(track_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
    ]


def welcome_back_handlers() -> list[BaseHandler]:
    """The /start of a user who had blocked the bot, for WELCOME_BACK_GROUP."""
    return [CommandHandler("start", welcome_back, filters.ChatType.PRIVATE)]


def chat_id_of(update: Update) -> int:
    """The chat whose subscription an update is about."""
    return update.effective_chat.id


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe to every announcement in one step; '/langganan Provinsi / Kab' narrows too."""
    language = language_of(update, context)
    subscriptions = services_of(context).subscriptions
    subscription, new = subscriptions.subscribe(
        chat_id_of(update), update.effective_user.id, language
    )
    if context.args:
        subscription = subscriptions.set_region_text(chat_id_of(update), " ".join(context.args))
    lead = text("sub_new", language) + "\n\n" if new else ""
    await update.effective_message.reply_html(
        lead + subscription_text(subscription, language),
        reply_markup=subscription_keyboard(language),
    )


async def unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop the subscription."""
    stopped = services_of(context).subscriptions.unsubscribe(chat_id_of(update))
    key = "sub_stopped" if stopped else "sub_not_subscribed"
    await update.effective_message.reply_text(text(key, language_of(update, context)))


async def show_subscription(
    update: Update, context: ContextTypes.DEFAULT_TYPE, subscription: Subscription
) -> None:
    """Answer a button by showing the subscription and the narrowing buttons."""
    language = language_of(update, context)
    await update.callback_query.answer()
    await update.callback_query.edit_message_text(
        subscription_text(subscription, language), reply_markup=subscription_keyboard(language)
    )


async def subscription_menu_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the subscription (sub:menu, the back and done buttons)."""
    subscription = services_of(context).subscriptions.active(chat_id_of(update))
    await show_subscription(update, context, subscription)


async def regions_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer every region or a province (sub:regions)."""
    query, language = update.callback_query, language_of(update, context)
    regions = services_of(context).subscriptions.regions()
    await query.answer()
    if not regions:
        await query.edit_message_text(
            text("sub_no_regions", language), reply_markup=subscription_keyboard(language)
        )
        return
    await query.edit_message_text(
        text("sub_choose_province", language),
        reply_markup=subscription_provinces_keyboard(regions, language),
    )


async def every_region_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Receive announcements for every region again (sub:allreg)."""
    subscription = services_of(context).subscriptions.set_region(chat_id_of(update), None)
    await show_subscription(update, context, subscription)


def find_region(regions: list[Region], wanted: str, with_district: bool) -> Region:
    """Find the region (or province) a button's token names; refuse a stale button."""
    for region in regions:
        parts = (region.province, region.district) if with_district else (region.province,)
        if token(*parts) == wanted:
            return region
    raise UserError.from_catalogue("sub_stale_button")


async def province_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Narrow to a province; offer its districts (sub:prov:<token>)."""
    query, language = update.callback_query, language_of(update, context)
    subscriptions = services_of(context).subscriptions
    regions = subscriptions.regions()
    province = find_region(regions, query.data.rsplit(":", 1)[1], False).province
    subscriptions.set_region(chat_id_of(update), province)
    await query.answer()
    await query.edit_message_text(
        text("sub_choose_district", language).format(province=escape(province)),
        reply_markup=subscription_districts_keyboard(province, regions, language),
    )


async def district_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Narrow to one kabupaten/kota (sub:dist:<token>)."""
    subscriptions = services_of(context).subscriptions
    wanted = update.callback_query.data.removeprefix("sub:dist:")
    region = find_region(subscriptions.regions(), wanted, True)
    subscription = subscriptions.set_region(chat_id_of(update), region.province, region.district)
    await show_subscription(update, context, subscription)


async def topics_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the topic toggles (sub:topics)."""
    query, language = update.callback_query, language_of(update, context)
    subscription = services_of(context).subscriptions.active(chat_id_of(update))
    await query.answer()
    keyboard = subscription_topics_keyboard(subscription, language)
    await query.edit_message_text(text("sub_choose_topics", language), reply_markup=keyboard)


async def topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Add or remove one topic (sub:top:<topic>)."""
    query, language = update.callback_query, language_of(update, context)
    subscription = services_of(context).subscriptions.toggle_topic(
        chat_id_of(update), query.data.removeprefix("sub:top:")
    )
    await query.answer()
    await try_to_set_keyboard(update, subscription_topics_keyboard(subscription, language))


async def every_topic_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Receive every topic again (sub:alltop)."""
    query, language = update.callback_query, language_of(update, context)
    subscription = services_of(context).subscriptions.all_topics(chat_id_of(update))
    await query.answer()
    await try_to_set_keyboard(update, subscription_topics_keyboard(subscription, language))


async def try_to_set_keyboard(update: Update, keyboard: InlineKeyboardMarkup) -> bool:
    """Replace a message's buttons; unchanged buttons are not an error."""
    try:
        await update.callback_query.edit_message_reply_markup(keyboard)
    except BadRequest as error:
        if "not modified" not in str(error).casefold():
            raise
        return False
    return True


async def resubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Subscribe again from the welcome-back message (sub:again)."""
    subscription, _ = services_of(context).subscriptions.subscribe(
        chat_id_of(update), update.effective_user.id, language_of(update, context)
    )
    await show_subscription(update, context, subscription)


async def track_bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Unsubscribe a chat that blocked (or removed) the bot; note when it comes back."""
    change = update.my_chat_member
    subscriptions = services_of(context).subscriptions
    if change.new_chat_member.status in GONE:
        subscriptions.mark_blocked(change.chat.id)
    elif change.old_chat_member.status in GONE:
        subscriptions.mark_unblocked(change.chat.id)


async def welcome_back(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet (once) a user who had blocked the bot, instead of the usual /start greeting."""
    if context.args:
        return  # a deep link (/start topik_…) opens what it links to
    returning = services_of(context).subscriptions.welcome_back(chat_id_of(update))
    if returning is None:
        return
    language = language_of(update, context)
    greeting = text("welcome_back", language).format(
        name=escape(update.effective_user.first_name or "")
    )
    lines = [greeting, "", help_text(language)]
    if returning.was_subscribed:
        lines += ["", text("welcome_back_resubscribe", language)]
    await update.effective_message.reply_html(
        "\n".join(lines),
        reply_markup=resubscribe_keyboard(language) if returning.was_subscribed else None,
    )
    raise ApplicationHandlerStop
