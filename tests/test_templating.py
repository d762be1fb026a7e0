"""The report's templates compiled ahead of the assembly (pipeline.report.templating)."""

import pytest

from pipeline.report import templating


def test_compiled_templates_are_not_compiled_again(monkeypatch):
    templating.compile_templates()
    env = templating.environment()

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(env, "compile", no_compiling)
    for name in ("report.html.j2", "_blocks.html.j2", "_toc.html.j2", "section.html.j2", "index.html.j2"):
        assert env.get_template(name).name == name
    with pytest.raises(AssertionError, match="compiled again"):  # the check itself can fail
        env.get_template("nbconvert/lkjip/index.html.j2")
