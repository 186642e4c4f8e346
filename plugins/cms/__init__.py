"""The web editor: Decap CMS at /admin/, configured from the content schema.

``config`` makes the configuration (pure); ``site_pages`` adds the editor's
files to every build; ``local`` runs it against this computer's copy of the
repository with decap-server. ``register()`` adds the files to the build.
"""


def register():
    from multisite import signals

    signals.builders.connect(_builders)


def _builders(build):
    from .site_pages import BUILDERS
    return list(BUILDERS)
