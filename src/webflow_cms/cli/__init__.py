"""The ``webflow-cms`` command line: import, export, publish and inspect CMS items.

Where to start: ``commands/``, one module per command, named as the command
(``import_`` for ``import``), each owning its options and what runs it. Beside
it, the code commands share: ``session`` (the client from the global options, a
collection from what was typed), ``ui`` (text, ``--json``, progress), ``errors``
(``InputError`` and the exit codes), the import file's ``rows`` and ``cells``,
``import_checks`` and ``import_report``, ``collection_schema``, ``publishing``.
``parser`` adds the global options, ``__main__`` runs the command and maps its
outcome to an exit code: 0 done, 1 some items or the API failed, 2 bad input
(nothing sent). Everything here is built on the public SDK (``from webflow_cms
import ...``).
"""
