"""The framing stage: persuasion techniques and loaded language, each with its voice."""
