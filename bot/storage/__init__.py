"""SQLite storage: the owners of the tables, migrations, session state."""
