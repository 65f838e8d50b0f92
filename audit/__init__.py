"""Hourglass: the customer-journey audit engine (no Streamlit here)."""

__version__ = "0.1.0"
