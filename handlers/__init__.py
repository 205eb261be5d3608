"""Thin python-telegram-bot adapters: update → one domain call → rendered reply."""

import os

# python-telegram-bot 22 warns unless durations (retry_after, voice.duration) are timedeltas.
os.environ.setdefault("PTB_TIMEDELTA", "true")
