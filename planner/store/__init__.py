"""Storage: the SQLAlchemy models, the book file, migrations and backups. No Qt."""
