"""The rejected-request inspector: every refused API request kept (bounded, sampled under a
flood) against the project it names, grouped by reason with the fix where one exists."""
