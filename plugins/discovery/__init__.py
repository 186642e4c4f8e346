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
    if build.config.search_index and not build.search_later:
        write_search_index(build, build.output_dir)


def write_search_index(build, site_dir, cancelled=lambda: False) -> float:
    """Index the pages of ``build`` into ``site_dir/pagefind``, replacing the index there in one step."""
    import shutil

    from multisite.staging import replace_folder

    from .search import FOLDER, write_index
    from .site_pages import search_records

    new = site_dir / f".{FOLDER}.new"
    shutil.rmtree(new, ignore_errors=True)
    seconds = write_index(search_records(build), new, cancelled)
    replace_folder(new, site_dir / FOLDER)
    build.timings["search index"] = seconds
    return seconds
