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
