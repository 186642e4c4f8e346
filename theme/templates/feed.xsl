<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows this language's Atom and RSS feeds as a readable page when one is opened in a browser. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <html lang="{{ lang }}">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></title>
        <link rel="stylesheet" href="{{ url(routes.asset('css/site.css')) }}"/>
      </head>
      <body>
        <main id="main" class="wrap">
          <p class="feed-note">{{ _("This is a news feed: copy its address into a feed reader to follow the news.") }}</p>
          <h1><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></h1>
          <p><a href="{atom:feed/atom:link[@rel='alternate']/@href | rss/channel/link}">{{ _("Open the website") }}</a></p>
          <ul class="feed-items">
            <xsl:apply-templates select="atom:feed/atom:entry | rss/channel/item"/>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="atom:entry">
    <li>
      <h2><a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a></h2>
      <p class="note"><time datetime="{atom:published}"><xsl:value-of select="substring(atom:published, 1, 10)"/></time></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </li>
  </xsl:template>
  <xsl:template match="item">
    <li>
      <h2><a href="{link}"><xsl:value-of select="title"/></a></h2>
      <p class="note"><xsl:value-of select="substring(pubDate, 1, 16)"/></p>
    </li>
  </xsl:template>
</xsl:stylesheet>
