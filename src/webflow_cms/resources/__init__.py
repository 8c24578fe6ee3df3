"""What hangs off the client: ``wf.items(...)``, ``wf.sites``, ``wf.collections``, ``wf.webhooks``."""
