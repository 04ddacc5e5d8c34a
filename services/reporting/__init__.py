"""What organizers watch and take away: the live dashboard, targets and exports."""
