"""Persistence: SQLAlchemy models, engine, repositories returning domain objects, unit of work."""
