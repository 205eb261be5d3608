"""Thin python-telegram-bot adapters: update → one domain call → rendered reply."""
