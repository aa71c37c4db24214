"""Temporal expression finding and TIMEX3 normalisation used by the timexes stage."""
