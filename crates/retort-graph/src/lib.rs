//! Alembic's revision graph: heads, bases, branches, merges, target resolution and walks.
