"""Multilingual single-pass site generation on top of Pelican.

Each Pelican run is staged, locked, published in one step and recorded (see
``multisite.generator``), whether it was started by ``pelican content``,
``pelican --autoreload`` or ``invoke build``.
"""


def register():
    import logging

    from pelican import signals

    from .generator import QuietFailure

    signals.get_generators.connect(_begin)
    signals.static_generator_finalized.connect(_static)
    signals.finalized.connect(_finish)
    pelican_log = logging.getLogger("pelican")
    if not any(isinstance(f, QuietFailure) for f in pelican_log.filters):
        pelican_log.addFilter(QuietFailure())


def _begin(pelican):
    from .generator import Publisher

    return Publisher.of(pelican).begin()


def _static(generator):
    from .generator import refresh_static

    refresh_static(generator)


def _finish(pelican):
    from .generator import Publisher

    Publisher.of(pelican).finish()
