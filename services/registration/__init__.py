"""Registering job seekers (the form's rules, the person and their check-in) and their tickets."""
