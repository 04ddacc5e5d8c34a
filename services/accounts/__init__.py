"""Staff accounts: management, the password policy, sign-in checks and server-side sessions."""
