//! Python front end: Alembic revision files to Retort's IR, with ruff_python_parser.
