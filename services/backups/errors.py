"""Why a backup or a restore was refused, as translated messages (the CLI prints them in the portal's
language). Each is also the built-in error it used to be, so `except OSError` / `ValueError` still holds."""

from __future__ import annotations

from services.core.errors import PortalError
from services.core.i18n import N_


class BackupMissing(PortalError, FileNotFoundError):
    message = N_("There is no file at {path}.")


class ToolMissing(PortalError, FileNotFoundError):
    message = N_("{program} is not installed (Debian package postgresql-client).")


class ToolFailed(PortalError, RuntimeError):
    message = N_("{program} failed: {detail}")


class TargetHoldsData(PortalError, FileExistsError):
    message = N_("The database {target} already holds data: stop the app and pass --force to replace it.")


class NotSound(PortalError, ValueError):
    message = N_("{path} is not a sound SQLite database: {detail}")


class CopyUnsound(PortalError, ValueError):
    message = N_("The copy failed its integrity check: {detail}")


class BackupUnsound(PortalError, ValueError):
    message = N_("The backup failed its integrity check: {detail}")


class NothingToBackUp(PortalError, ValueError):
    message = N_("An in-memory database has nothing to back up.")
