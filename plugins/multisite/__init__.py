"""Multilingual single-pass site generation on top of Pelican."""


def register():
    from pelican import signals

    signals.get_generators.connect(_generators)


def _generators(pelican):
    from .generator import MultisiteGenerator
    return MultisiteGenerator
