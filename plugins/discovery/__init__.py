"""Discovery: feeds, sitemaps, search, structured data and open data.

Pure modules build the formats; ``site_pages`` holds their pages and files
in the multilingual build.
"""
