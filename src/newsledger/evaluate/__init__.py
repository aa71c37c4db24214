"""Evaluation: scorers for our gold format and for public datasets (TimeML, brat, PTC, HTML, removal)."""
