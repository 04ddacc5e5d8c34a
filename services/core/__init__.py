"""The small core every domain uses: database and unit of work, settings, clock, crypto,
translation, validation, errors, and the reference lists the forms choose from."""
