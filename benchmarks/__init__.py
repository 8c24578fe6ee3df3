"""Benchmarks of webflow-cms side by side with the official ``webflow`` SDK (``make bench``).

``python -m benchmarks`` runs the driver (run.py); each scenario is a module of ``scenarios/``,
listed in its registry; the shared parts are the emulator launcher (emulator.py), the clients
under test (clients.py), the run options and result rows (harness.py) and the table (report.py).
"""
