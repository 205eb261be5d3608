"""The one claim-before-send outbox: ledger, pacing and the sending worker."""
