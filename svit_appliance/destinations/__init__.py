"""Leads flow out: destinations (email, webhook, Slack) that receive a project's events.

``kinds`` is the registry of destination kinds, one module per kind: what it asks for, stores,
shows and sends. ``outbox`` writes delivery rows inside the transaction of the person write that
caused them; ``delivery`` sends them from a worker thread with retries; ``outbound`` is the one
seam for every outbound connection (timeouts, caps, no redirects, the SSRF guard).
"""
