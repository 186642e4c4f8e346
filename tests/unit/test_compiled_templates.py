"""The compiled templates a long-lived process (the live preview) keeps between builds."""

import jinja2

from multisite.render import _CompiledTemplates


def test_a_template_is_compiled_again_only_when_its_source_changes(tmp_path, monkeypatch):
    (tmp_path / "page.html").write_text("one {{ x }}")
    cache = _CompiledTemplates()

    def env():
        return jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), bytecode_cache=cache)

    assert env().get_template("page.html").render(x=1) == "one 1"
    compiled = []
    real = jinja2.Environment.compile
    monkeypatch.setattr(jinja2.Environment, "compile", lambda self, *a, **k: compiled.append(a) or real(self, *a, **k))
    assert env().get_template("page.html").render(x=2) == "one 2"
    assert compiled == []  # the next build's environment takes the compiled code
    (tmp_path / "page.html").write_text("two {{ x }}")
    assert env().get_template("page.html").render(x=3) == "two 3"
    assert len(compiled) == 1
