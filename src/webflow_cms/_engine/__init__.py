"""The items engine: what turns one call into many safe requests.

Batching into Webflow's 100-item requests, creates that never duplicate, writes
and reads with their retries, upserts, the per-input tracker behind every bulk
result, and the typed codec. Nothing here is public; ``resources`` and ``bulk``
are its faces.
"""
