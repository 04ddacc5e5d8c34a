"""Business logic of the job-fair portal. Never imports streamlit."""
