"""Discovery: feeds, sitemaps, search, structured data and open data.

Pure modules build the formats; ``register()`` adds them to the multilingual
build.
"""


def register():
    from multisite import signals

    signals.builders.connect(_builders)
    signals.written.connect(_written)


def _builders(build):
    from .site_pages import BUILDERS
    return list(BUILDERS)


def _written(build, writer):
    from .site_pages import write_sitemaps
    write_sitemaps(build, writer)
    if build.config.search_index:
        from .search import run_pagefind
        build.timings["search index"] = run_pagefind(build.output_dir)
