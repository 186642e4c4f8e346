"""Events: occurrences, dates in words, calendars, recurrence and iCalendar.

The modules are pure; ``register()`` adds the event pages to the
multilingual build and the small calendar to the home page.
"""


def register():
    from multisite import signals

    signals.builders.connect(_builders)
    signals.home_context.connect(_home)


def _builders(build):
    from .site_pages import BUILDERS
    return list(BUILDERS)


def _home(build, lang):
    from .site_pages import home_calendar
    return {"calendar": home_calendar(build, lang)}
