"""Streamlit building blocks shared by the pages (UI only; logic lives in services/)."""
