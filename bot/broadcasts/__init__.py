"""Announcements to subscribers: subscriptions and broadcasts."""
