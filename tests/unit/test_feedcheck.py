"""The feed checker of `invoke check` (quality/feedcheck.py): RFC 4287's own example feeds pass
its Atom validation, so the schema was converted faithfully and the checks added to it ask no
more than the RFC; each one-change break of them is caught; RSS and HTML rules in isolation."""

from __future__ import annotations

import pytest

from quality.feedcheck import atom_problems, feed_problems, html_problems, rss_problems

# RFC 4287, section 1.1: "A brief, single-entry Atom Feed Document"
MINIMAL = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example Feed</title>
  <link href="http://example.org/"/>
  <updated>2003-12-13T18:30:02Z</updated>
  <author>
    <name>John Doe</name>
  </author>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <entry>
    <title>Atom-Powered Robots Run Amok</title>
    <link href="http://example.org/2003/12/13/atom03"/>
    <id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>
    <updated>2003-12-13T18:30:02Z</updated>
    <summary>Some text.</summary>
  </entry>
</feed>
"""

# RFC 4287, section 1.1: "A more extensive, single-entry Atom Feed Document"
EXTENSIVE = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="text">dive into mark</title>
  <subtitle type="html">
    A &lt;em&gt;lot&lt;/em&gt; of effort
    went into making this effortless
  </subtitle>
  <updated>2005-07-31T12:29:29Z</updated>
  <id>tag:example.org,2003:3</id>
  <link rel="alternate" type="text/html"
   hreflang="en" href="http://example.org/"/>
  <link rel="self" type="application/atom+xml"
   href="http://example.org/feed.atom"/>
  <rights>Copyright (c) 2003, Mark Pilgrim</rights>
  <generator uri="http://www.example.com/" version="1.0">
    Example Toolkit
  </generator>
  <entry>
    <title>Atom draft-07 snapshot</title>
    <link rel="alternate" type="text/html"
     href="http://example.org/2005/04/02/atom"/>
    <link rel="enclosure" type="audio/mpeg" length="1337"
     href="http://example.org/audio/ph34r_my_podcast.mp3"/>
    <id>tag:example.org,2003:3.2397</id>
    <updated>2005-07-31T12:29:29Z</updated>
    <published>2003-12-13T08:29:29-04:00</published>
    <author>
      <name>Mark Pilgrim</name>
      <uri>http://example.org/</uri>
      <email>f8dy@example.com</email>
    </author>
    <contributor>
      <name>Sam Ruby</name>
    </contributor>
    <contributor>
      <name>Joe Gregorio</name>
    </contributor>
    <content type="xhtml" xml:lang="en"
     xml:base="http://diveintomark.org/">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p><i>[Update: The Atom draft is finished.]</i></p>
      </div>
    </content>
  </entry>
</feed>
"""

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>Ziņas</title>
<link>https://lpr.gov.lv/</link>
<description>Latgales ziņas</description>
<lastBuildDate>Thu, 24 May 2018 00:00:00 +0300</lastBuildDate>
<item>
<title>LEAN</title>
<link>https://lpr.gov.lv/2018/lean/</link>
<description>&lt;p&gt;Teksts ar &lt;img src="a.png" alt=""&gt; bildi.&lt;/p&gt;</description>
<pubDate>Thu, 24 May 2018 00:00:00 +0300</pubDate>
<guid>https://lpr.gov.lv/2018/lean/</guid>
</item>
</channel>
</rss>
"""

ITEM_TEXT = """<title>LEAN</title>
<link>https://lpr.gov.lv/2018/lean/</link>
<description>&lt;p&gt;Teksts ar &lt;img src="a.png" alt=""&gt; bildi.&lt;/p&gt;</description>"""


@pytest.mark.parametrize("feed", [MINIMAL, EXTENSIVE], ids=["minimal", "extensive"])
def test_the_rfcs_examples_pass(feed):
    assert atom_problems(feed.encode()) == []
    assert feed_problems(feed.encode()) == []


ENTRY = MINIMAL[MINIMAL.index("<entry>") : MINIMAL.index("</entry>") + len("</entry>")]
ATOM_BREAKS = [
    (
        "no feed author",
        MINIMAL,
        "<author>\n    <name>John Doe</name>\n  </author>",
        "",
        "An atom:entry must have an atom:author if its feed does not.",
    ),
    ("no feed id", MINIMAL, "<id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>", "", "RFC 4287 schema"),
    ("two titles", MINIMAL, "<title>Example Feed</title>", "<title>A</title><title>B</title>", "RFC 4287 schema"),
    ("summary of no type", MINIMAL, "<summary>", '<summary type="markdown">', "RFC 4287 schema"),
    (
        "a date that is not one",
        MINIMAL,
        "<updated>2003-12-13T18:30:02Z</updated>\n  <author>",
        "<updated>13 Dec 2003</updated>\n  <author>",
        "RFC 4287 schema",
    ),
    (
        "a date without an offset",
        EXTENSIVE,
        "<published>2003-12-13T08:29:29-04:00</published>",
        "<published>2003-12-13T08:29:29</published>",
        "time-zone offset",
    ),
    (
        "no link and no content",
        MINIMAL,
        '<link href="http://example.org/2003/12/13/atom03"/>',
        "",
        "at least one atom:link element",
    ),
    (
        "a relative id",
        MINIMAL,
        "<id>urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a</id>",
        "<id>robots</id>",
        "not an absolute IRI",
    ),
    ("an entry twice", MINIMAL, "</feed>", ENTRY + "</feed>", "is used again"),
    (
        "two alternate links alike",
        EXTENSIVE,
        '<link rel="enclosure"',
        '<link rel="alternate" type="text/html" href="http://example.org/x"/><link rel="enclosure"',
        "two alternate links",
    ),
    ("a bad language tag", EXTENSIVE, 'xml:lang="en"', 'xml:lang="en_GB"', "RFC 4287 schema"),
    ("not well-formed", MINIMAL, "</title>", "</titel>", "does not parse as XML"),
]


@pytest.mark.parametrize("feed, old, new, message", [b[1:] for b in ATOM_BREAKS], ids=[b[0] for b in ATOM_BREAKS])
def test_each_break_of_an_atom_feed_is_reported(feed, old, new, message):
    assert old in feed
    problems = atom_problems(feed.replace(old, new, 1).encode())
    assert any(message in text for _line, text in problems), problems


def test_rss_that_keeps_the_rules_passes():
    assert rss_problems(RSS.encode()) == [] and feed_problems(RSS.encode()) == []


RSS_BREAKS = [
    ("no channel description", "<description>Latgales ziņas</description>", "", "one non-empty <description>"),
    (
        "neither title nor description",
        ITEM_TEXT,
        "<link>https://lpr.gov.lv/2018/lean/</link>",
        "neither title nor description",
    ),
    (
        "a permalink that is no address",
        "<guid>https://lpr.gov.lv/2018/lean/</guid>",
        "<guid>lean-2018</guid>",
        "is a permalink",
    ),
    ("isPermaLink neither true nor false", "<guid>", '<guid isPermaLink="no">', "neither"),
    ("an ISO date", "<pubDate>Thu, 24 May 2018 00:00:00 +0300</pubDate>", "<pubDate>2018-05-24</pubDate>", "RFC 822"),
    ("a name as author", "<guid>", "<author>Anna</author><guid>", "not an e-mail address"),
    ("an unclosed paragraph", "&lt;/p&gt;</description>", "</description>", "<p> is never closed"),
    ("an RSS 0.91 root", '<rss version="2.0">', '<rss version="0.91">', "not <rss"),
]


@pytest.mark.parametrize("old, new, message", [b[1:] for b in RSS_BREAKS], ids=[b[0] for b in RSS_BREAKS])
def test_each_break_of_an_rss_feed_is_reported(old, new, message):
    assert old in RSS
    problems = rss_problems(RSS.replace(old, new, 1).encode())
    assert any(message in text for _line, text in problems), problems


def test_an_item_needs_a_title_or_a_description_not_both():
    assert rss_problems(RSS.replace("<title>LEAN</title>", "", 1).encode()) == []
    without_description = RSS.replace(ITEM_TEXT, "<title>LEAN</title>\n<link>https://lpr.gov.lv/2018/lean/</link>")
    assert rss_problems(without_description.encode()) == []


@pytest.mark.parametrize(
    "fragment, errors",
    [
        ('<p>A <a href="x">link</a><br>and <img src="a.png" alt="">.</p>', []),
        ("<aside><div><p>Text</p></div></aside>", []),
        ("<p>Open", ["<p> is never closed"]),
        ("<p><b>Crossed</p></b>", ["</p> does not close the open <b>", "<p> is never closed"]),
        ("Text</div>", ["</div> closes nothing"]),
        ("<div/>", ["<div/> is not a void element"]),
    ],
)
def test_html_balance(fragment, errors):
    assert html_problems(fragment) == errors
