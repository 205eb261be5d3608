#!/usr/bin/env bash
# Nightly backup of the live database (safe while the bot runs: SQLite online backup).
# cron: 15 2 * * *  policybot  /opt/policybot/deploy/backup.sh
set -euo pipefail
dest=/var/backups/policybot
mkdir -p "$dest"
/opt/policybot/.venv/bin/policybot --config /etc/policybot/config.yaml \
    backup "$dest/policybot-$(date +%Y%m%d-%H%M%S).db"
# keep two weeks
find "$dest" -name 'policybot-*.db' -mtime +14 -delete
