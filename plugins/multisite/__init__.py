"""Multilingual single-pass site generation on top of Pelican."""


def register():
    from pelican import signals

    signals.get_generators.connect(_generators)
    signals.all_generators_finalized.connect(_remember_generators)


def _generators(pelican):
    from .generator import MultisiteGenerator
    return MultisiteGenerator


def _remember_generators(generators):
    from .generator import MultisiteGenerator
    for generator in generators:
        if isinstance(generator, MultisiteGenerator):
            generator.pelican_generators = list(generators)
