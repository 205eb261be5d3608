#!/usr/bin/env bash
# Nightly backup of the live database (safe while the bot runs: SQLite online backup).
# Runs as the policybot user, e.g. from /etc/cron.d/policybot:
#   15 2 * * *  policybot  /opt/policybot/deploy/backup.sh
# The folder must exist and belong to policybot (policybot cannot create it in /var/backups):
#   sudo install -d -o policybot -g policybot -m 750 /var/backups/policybot
set -euo pipefail
dest=/var/backups/policybot
if [ ! -d "$dest" ] || [ ! -w "$dest" ]; then
    echo "backup.sh: $dest is missing or not writable by $(id -un);" \
         "create it: sudo install -d -o policybot -g policybot -m 750 $dest" >&2
    exit 1
fi
/opt/policybot/.venv/bin/policybot --config /etc/policybot/config.yaml \
    backup "$dest/policybot-$(date +%Y%m%d-%H%M%S).db"
# keep two weeks
find "$dest" -name 'policybot-*.db' -mtime +14 -delete
