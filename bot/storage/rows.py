"""Small helpers for sqlite-utils tables shared by the modules that own them."""

from __future__ import annotations

from sqlite_utils.db import Table


def inserted_id(table: Table) -> int:
    """Return the rowid of the row a table's last insert wrote."""
    # sqlite-utils types last_pk as optional: it is None only before any insert.
    if table.last_pk is None:
        raise RuntimeError(f"nothing was inserted into {table.name}")
    return int(table.last_pk)
