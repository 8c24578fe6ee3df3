"""Benchmarks of webflow-cms side by side with the official ``webflow`` SDK and plain httpx (``make bench``)."""
