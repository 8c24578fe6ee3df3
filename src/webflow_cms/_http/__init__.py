"""The HTTP stack: the session, the transport that paces and retries, and ``endpoints``.

``endpoints`` is the one door to the generated client (``_generated``): nothing
else in the package imports it.
"""
