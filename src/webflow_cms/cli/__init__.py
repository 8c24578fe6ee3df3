"""The ``webflow-cms`` command line: import, export, publish and inspect CMS items.

Every sub-command is a small module built on the public SDK (``from
webflow_cms import ...``); ``__main__`` parses arguments and maps outcomes to
exit codes: 0 done, 1 some items or the API failed, 2 bad input (nothing sent).
"""
