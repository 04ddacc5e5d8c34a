"""The data-repair queue (issue 12): per township, the people and records needing attention — identity
claims not reviewed (settled at the staff desk), incomplete profiles, rows an import left out (fixed in
place or dismissed with a reason, `left_out.py`) — the figures (`queue.py`), and a person's history of
changes with an undo per change (`changes.py`). Owns `import_left_out` (models/repair.py)."""
