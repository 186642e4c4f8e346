"""The front-matter reference in the editor guides, generated from the schema (with each key's
name in the web editor, so that an editor can find a field named in a build error in either).

``docs/redaktora-rokasgramata.md`` (Latvian) and ``docs/editor-guide.md``
(English) hold the reference between two marker lines; ``invoke docs``
rewrites it and a test fails when it is out of date, so it cannot drift.
"""

from __future__ import annotations

from pathlib import Path

from contentmodel import schema

START = "<!-- reference:start (generated from plugins/contentmodel/schema.py by `invoke docs`; do not edit) -->"
END = "<!-- reference:end -->"

GUIDES = {"lv": "docs/redaktora-rokasgramata.md", "en": "docs/editor-guide.md"}

WORDS = {
    "lv": {
        "article": "Raksti (content/articles/)",
        "project": "Projekti (content/projects/)",
        "page": "Lapas (content/pages/)",
        "key": "Atslēga",
        "required": "Obligāta",
        "meaning": "Nozīme",
        "example": "Piemērs",
        "yes": "jā",
        "no": "nē",
        "neutral": "Tulkojumi to manto, ja to neraksta.",
        "label": "Tīmekļa redaktorā",
    },
    "en": {
        "article": "Articles (content/articles/)",
        "project": "Projects (content/projects/)",
        "page": "Pages (content/pages/)",
        "key": "Key",
        "required": "Required",
        "meaning": "Meaning",
        "example": "Example",
        "yes": "yes",
        "no": "no",
        "neutral": "Translations inherit it when they omit it.",
        "label": "In the web editor",
    },
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference(lang: str) -> str:
    w = WORDS[lang]
    out = []
    for kind in schema.KINDS:
        out.append(f"### {w[kind]}\n")
        out.append(f"| {w['key']} | {w['label']} | {w['required']} | {w['meaning']} | {w['example']} |")
        out.append("|---|---|---|---|---|")
        for f in schema.FIELDS[kind]:
            names = " / ".join(f"`{n}`" for n in (f.name, *f.aliases))
            meaning = f.meaning[lang]
            if f.neutral:
                meaning = meaning.rstrip(". ") + ". " + w["neutral"]
            example = f"`{f.name}: {f.example}`" if f.example else ""
            label = _cell(f.label.get(lang, ""))
            out.append(
                f"| {names} | {label} | {w['yes'] if f.required else w['no']} | {_cell(meaning)} | {_cell(example)} |"
            )
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def splice(text: str, generated: str) -> str:
    if START not in text or END not in text:
        raise ValueError("the guide has no reference markers")
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{generated}\n{END}{tail}"


def update(root: Path) -> list[str]:
    """Rewrite the reference in every guide; return the files that changed."""
    changed = []
    for lang, rel in GUIDES.items():
        path = root / rel
        text = path.read_text("utf-8")
        new = splice(text, reference(lang))
        if new != text:
            path.write_text(new, "utf-8")
            changed.append(rel)
    return changed
