"""/bahasa (= /language) with a code the bot does not offer changes nothing, politely."""

import io

from bot.cli.chat import TerminalChat
from bot.messages import text


def test_terminal_unknown_language_code_keeps_the_language(services):
    out = io.StringIO()
    chat = TerminalChat(services, out, language="en")
    chat.run(iter(["/bahasa jp\n"]))
    assert text("language_unknown", "en").format(code="jp") in out.getvalue()
    assert text("language_set", "en") not in out.getvalue()
    assert chat.language == "en"
    assert "  1. 🇮🇩 Bahasa Indonesia" in out.getvalue()
