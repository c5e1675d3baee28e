"""One configuration: what it hashes, how it checks, how it travels."""
from __future__ import annotations

import pickle

import pytest

from tidings.config import CoderConfig, ConfigError


def test_the_version_follows_the_contents_of_the_files_not_their_paths(tmp_path) -> None:
    one, two = tmp_path / "a", tmp_path / "b"
    for folder in (one, two):
        folder.mkdir()
        (folder / "cues.yaml").write_text("refuse_heads:\n  words: [hesitate]\n")
    assert CoderConfig(patterns=str(one)).version() == CoderConfig(patterns=str(two)).version()
    (two / "cues.yaml").write_text("refuse_heads:\n  words: [balk]\n")
    assert CoderConfig(patterns=str(one)).version() != CoderConfig(patterns=str(two)).version()
    assert CoderConfig().version() != CoderConfig(patterns=str(one)).version()
    assert CoderConfig().version().startswith("tidings ")


def test_it_travels_whole(tmp_path) -> None:
    actors = tmp_path / "actors.yaml"
    actors.write_text("- name: Arnovia\n  code: ARN\n")
    config = CoderConfig(actors=(str(actors),), patterns=str(tmp_path), ops="default")
    assert pickle.loads(pickle.dumps(config)) == config
    assert CoderConfig.from_dict(config.to_dict()) == config
    assert config.to_dict()["version"] == config.version()


@pytest.mark.parametrize("config, says", [
    (CoderConfig(actors=("/no/such/actors.yaml",)), "--actors /no/such/actors.yaml: no such file"),
    (CoderConfig(patterns="/no/such/dir"), "--patterns /no/such/dir: no such directory"),
    (CoderConfig(ops="turbo"), "ops 'turbo'"),
])
def test_a_configuration_naming_what_is_not_there_is_one_line(config, says) -> None:
    with pytest.raises(ConfigError, match=says.replace("(", r"\(")):
        config.check()


def test_one_actors_file_is_a_tuple_of_one() -> None:
    assert CoderConfig(actors="x.yaml").actors == ("x.yaml",)
