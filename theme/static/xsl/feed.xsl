<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an Atom or RSS feed as a readable page when opened in a browser. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"/>
  <xsl:template match="/">
    <xsl:variable name="lang" select="(atom:feed/@xml:lang | rss/channel/language)[1]"/>
    <html lang="{$lang}">
      <head>
        <meta charset="UTF-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></title>
        <link rel="stylesheet" href="../theme/css/site.css"/>
        <link rel="stylesheet" href="../../theme/css/site.css"/>
      </head>
      <body>
        <main id="main" class="wrap">
          <p class="feed-note">
            <xsl:choose>
              <xsl:when test="$lang = 'en'">This is a news feed. Copy its address into a feed reader to follow the news.</xsl:when>
              <xsl:otherwise>Šī ir ziņu plūsma (RSS/Atom). Iekopējiet tās adresi ziņu lasītājā, lai sekotu jaunumiem.</xsl:otherwise>
            </xsl:choose>
          </p>
          <h1><xsl:value-of select="atom:feed/atom:title | rss/channel/title"/></h1>
          <ul class="feed-items">
            <xsl:for-each select="atom:feed/atom:entry | rss/channel/item">
              <li>
                <h2><a href="{atom:link/@href | link}"><xsl:value-of select="atom:title | title"/></a></h2>
                <p class="note"><xsl:value-of select="substring(atom:published | pubDate, 1, 25)"/></p>
                <p><xsl:value-of select="atom:summary | substring(description, 1, 0)"/></p>
              </li>
            </xsl:for-each>
          </ul>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
