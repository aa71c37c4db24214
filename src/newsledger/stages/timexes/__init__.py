"""The timexes stage: temporal expression finding and TIMEX3 normalisation."""
