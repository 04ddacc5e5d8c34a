"""Backups of the portal's database: `python -m services.cli backup DEST` and `restore` (services/cli)."""
