"""Events: occurrences, dates in words, calendars, recurrence and iCalendar.

The modules are pure; ``site_pages`` holds the event pages of the
multilingual build and the home page's small calendar.
"""
