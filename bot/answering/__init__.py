"""Answering a message: reading it, deciding with the confidence model, replies, eval."""
