"""Content for fixture sites, in the project's own words."""

PROJECT_LV = """
---
code: LLI-59
title: Praktisku mācību cikls iestāžu sadarbībai
short_title: Open Leadership
programme: interreg-lv-lt-2014-2020
beneficiary: Latgales plānošanas reģions
start: 2017-09-01
end: 2019-08-31
budget: 250000
eu_funding: 212500
municipalities: [preili, ludza]
---

## Mērķis

Stiprināt pašvaldību darbinieku prasmes.
"""

PROJECT_EN = """
---
code: LLI-59
title: Practical training for cooperation between institutions
short_title: Open Leadership
---

## Aims

Stronger skills for municipal staff.
"""

EVENT_LV = """
---
title: Pašvaldību darbinieki mācās LEAN metodes
date: 2018-05-24
projects: [LLI-59]
municipalities: [Aglona, Ludza]
event_dates: [2018-05-15, 2018-05-16, 2018-05-22, 2018-05-23]
event_location: Daugavpils
tags: [LEAN, pieredzes apmaiņa]
image: images/cover.png
image_alt: Darbinieki pie galda
---

Četras dienas darbinieki apmainījās pieredzē.

Otrā rindkopa ar [saiti](https://example.org/).
"""

EVENT_EN = """
---
title: Municipal staff learn LEAN methods
image_alt: Staff at a table
---

For four days staff exchanged experience.
"""

EVENT_LTG = """
---
title: Pošvaļdeibu dorbinīki mōcōs LEAN metodis
---

Četras dīnys dorbinīki dalejōs pīredzē.
"""

PLAIN_LV = """
---
title: "Bibliotēkas darba laiks svētkos <script>alert(1)</script>"
date: 2026-11-10 09:15
municipalities: [preili]
---

Bibliotēka svētku dienās būs slēgta.
"""

PAGE_LV = """
---
title: Par mums
---

Vietni uztur plānošanas reģions.
"""

PAGE_EN = """
---
title: About us
---

The planning region runs this site.
"""


def png_bytes() -> bytes:
    from io import BytesIO

    from PIL import Image

    buf = BytesIO()
    Image.new("RGB", (16, 9), (30, 90, 120)).save(buf, "PNG")
    return buf.getvalue()


def basic_site() -> dict:
    return {
        "projects/lli-59.lv.md": PROJECT_LV,
        "projects/lli-59.en.md": PROJECT_EN,
        "articles/2018/lean.lv.md": EVENT_LV,
        "articles/2018/lean.en.md": EVENT_EN,
        "articles/2018/lean.ltg.md": EVENT_LTG,
        "articles/2026/biblioteka.md": PLAIN_LV,
        "pages/par-mums.lv.md": PAGE_LV,
        "pages/par-mums.en.md": PAGE_EN,
        "images/cover.png": png_bytes(),
    }


# A second site for the feeds: an author, a later modification, quotes, ampersands and markup-like text
# in titles and summaries, lists, a quotation, a table and typed HTML in the body, a weekly event, an
# article written only in English, and the tags and municipalities these bring.

CONCERT_LV = r"""
---
title: "Koncerts \"Rudens & dziesmas\" Rēzeknē <b>un</b> Ludzā"
date: 2026-10-05 18:30
modified: 2026-10-07 12:00
author: Anna Bērziņa
summary: "Ievads ar <b>zīmēm</b>, & un \"pēdiņām\"."
projects: [LLI-59]
municipalities: [rezekne, ludza, rezekne-novads]
tags: [kultūra, "R&D"]
---

Koncerts notiks **divās** vietās:

1. Rēzeknē, *Gorā*;
2. Ludzā.

> Citāts ar `kodu` un [saiti](https://example.org/?a=1&b=2).

| Pilsēta | Laiks |
|---|---|
| Rēzekne | 18.30 |

Rinda ar <em>HTML</em> un zīmēm < > &amp; ©.
"""

CONCERT_EN = r"""
---
title: "Concert \"Autumn & songs\" in Rēzekne"
author: Anna Berzina
---

The concert takes place in **two** places.

- Rēzekne
- Ludza
"""

CONCERT_LTG = """
---
title: Koncerts Rēzeknē i Ludzā
author: Anna Bērziņa
---

Koncerts byus divejuos vītuos.
"""

MARKET_LV = """
---
title: Preiļos katru sestdienu notiek tirgus
date: 2026-04-20 08:00
municipalities: [preili]
event_dates: [2026-05-02T08:00/2026-05-02T13:00]
event_recurrence: FREQ=WEEKLY;BYDAY=SA;UNTIL=20271030T235959
event_exceptions: [2026-12-26]
event_location: Preiļi, tirgus laukums
---

Katru sestdienu no plkst. 8.00 līdz 13.00.
"""

MARKET_EN = """
---
title: A market in Preiļi every Saturday
---

Every Saturday from 8:00 to 13:00.
"""

SEMINAR_EN = """
---
title: A seminar held only in English
date: 2025-03-01
projects: [LLI-59]
event_dates: [2025-03-10]
---

Only in English.
"""


def varied_site() -> dict:
    return {
        **basic_site(),
        "articles/2026/koncerts.lv.md": CONCERT_LV,
        "articles/2026/koncerts.en.md": CONCERT_EN,
        "articles/2026/koncerts.ltg.md": CONCERT_LTG,
        "articles/2026/tirgus.lv.md": MARKET_LV,
        "articles/2026/tirgus.en.md": MARKET_EN,
        "articles/2025/seminars.en.md": SEMINAR_EN,
    }
