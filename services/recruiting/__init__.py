"""Employers, vacancies, the public job board, matching, the booth, interest and the hiring pipeline."""
