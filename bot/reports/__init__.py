"""Dinas officers' status reports: filing, reading and export."""
