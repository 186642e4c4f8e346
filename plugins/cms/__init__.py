"""The web editor: Decap CMS at /admin/, configured from the content schema.

``config`` makes the configuration (pure); ``site_pages`` adds the editor's
files to every build; ``local`` runs it against this computer's copy of the
repository with decap-server.
"""
