"""/petugas (= /officers): admins list, add and remove officers."""

from __future__ import annotations

from html import escape

from telegram import Update
from telegram.ext import ContextTypes

from bot.access.roles import Role
from bot.messages import text
from handlers.context import language_of, services_of

ADD_WORDS, REMOVE_WORDS = ("tambah", "add"), ("hapus", "remove")


async def officers_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """List officers, or add/remove one: /petugas tambah <id> <region>, /petugas hapus <id>."""
    roles = services_of(context).roles
    admin_id = update.effective_user.id
    language = language_of(update, context)
    args = context.args or []
    action = args[0].casefold() if args else ""
    if action in ADD_WORDS and len(args) >= 3 and args[1].isdigit():
        officer = roles.grant_officer(admin_id, int(args[1]), " ".join(args[2:]))
        reply = text("officer_added", language).format(
            user_id=officer.user_id, region=escape(str(officer.region))
        )
    elif action in REMOVE_WORDS and len(args) == 2 and args[1].isdigit():
        roles.revoke_officer(admin_id, int(args[1]))
        reply = text("officer_removed", language).format(user_id=args[1])
    elif not args:
        officers = roles.officers(admin_id)
        reply = (
            "\n".join(
                [f"<b>{text('officers_list', language)}</b>"]
                + [f"{o.user_id} — {escape(str(o.region))}" for o in officers]
            )
            if officers
            else text("officers_none", language)
        )
    else:
        roles.require(admin_id, "officer.manage", Role.ADMIN)
        reply = escape(text("officers_usage", language))
    await update.effective_message.reply_html(reply)
