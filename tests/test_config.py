from __future__ import annotations

import dataclasses

import pytest

from conflictlens.config import Settings, load_settings, setting_help
from conflictlens.errors import ConfigError

DEFAULT_STAGES = ("normalize", "parse", "places", "actors", "dates", "sources", "events", "fatalities", "assemble")


def test_defaults_load(default_settings):
    s = default_settings
    assert isinstance(s, Settings)
    assert s.stages == DEFAULT_STAGES
    assert s.max_chars == 2_000_000
    assert s.min_confidence == 0.0
    assert s.keep_non_factual is False
    assert s.language_check is True
    assert s.actor_files == () and s.place_files == ()
    assert s.model == "" and s.cache_dir == ""


def test_every_setting_has_help_and_every_help_a_setting():
    names = {f.name for f in dataclasses.fields(Settings)}
    help_lines = setting_help()
    assert set(help_lines) == names
    assert all(isinstance(line, str) and line.strip() for line in help_lines.values())


def test_defaults_table_declares_every_field():
    import tomllib
    from importlib import resources

    table = tomllib.loads(resources.files("conflictlens").joinpath("defaults.toml").read_text(encoding="utf-8"))
    assert set(table["settings"]) == {f.name for f in dataclasses.fields(Settings)}


def test_toml_file_overrides_defaults(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text('[settings]\nmin_confidence = 0.5\nstages = ["normalize", "parse"]\nkeep_non_factual = true\n',
                    encoding="utf-8")
    s = load_settings(path, environ={})
    assert s.min_confidence == 0.5
    assert s.stages == ("normalize", "parse")
    assert s.keep_non_factual is True
    assert s.max_chars == 2_000_000  # untouched settings keep their default


def test_toml_file_without_settings_table(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text("max_chars = 1000\n", encoding="utf-8")
    assert load_settings(path, environ={}).max_chars == 1000


def test_env_overrides_defaults():
    s = load_settings(environ={"CONFLICTLENS_MIN_CONFIDENCE": "0.7"})
    assert s.min_confidence == pytest.approx(0.7)


def test_env_wins_over_file(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text("[settings]\nmin_confidence = 0.2\n", encoding="utf-8")
    s = load_settings(path, environ={"CONFLICTLENS_MIN_CONFIDENCE": "0.9"})
    assert s.min_confidence == pytest.approx(0.9)


def test_env_values_are_coerced():
    s = load_settings(environ={
        "CONFLICTLENS_STAGES": "normalize, parse",
        "CONFLICTLENS_LANGUAGE_CHECK": "false",
        "CONFLICTLENS_KEEP_NON_FACTUAL": "yes",
        "CONFLICTLENS_MAX_CHARS": "500",
    })
    assert s.stages == ("normalize", "parse")
    assert s.language_check is False
    assert s.keep_non_factual is True
    assert s.max_chars == 500


def test_unknown_setting_is_config_error(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text("[settings]\nmin_confidance = 0.5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="min_confidance"):
        load_settings(path, environ={})


@pytest.mark.parametrize(
    "env",
    [
        {"CONFLICTLENS_MIN_CONFIDENCE": "high"},
        {"CONFLICTLENS_MIN_CONFIDENCE": "1.5"},
        {"CONFLICTLENS_MIN_CONFIDENCE": "-0.1"},
        {"CONFLICTLENS_MAX_CHARS": "lots"},
        {"CONFLICTLENS_MAX_CHARS": "0"},
    ],
)
def test_bad_env_values_are_config_errors(env):
    with pytest.raises(ConfigError):
        load_settings(environ=env)


def test_bad_file_value_is_config_error(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text('[settings]\nmax_chars = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="max_chars"):
        load_settings(path, environ={})


def test_invalid_toml_is_config_error(tmp_path):
    path = tmp_path / "conf.toml"
    path.write_text("[settings\nmax_chars = 3\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(path, environ={})


def test_missing_config_file_is_config_error(tmp_path):
    with pytest.raises(ConfigError):
        load_settings(tmp_path / "nope.toml", environ={})


def test_with_overrides_coerces_and_ignores_none(default_settings):
    s = default_settings.with_overrides(min_confidence="0.25", max_chars=None, stages="normalize")
    assert s.min_confidence == 0.25
    assert s.max_chars == default_settings.max_chars
    assert s.stages == ("normalize",)
    with pytest.raises(ConfigError):
        default_settings.with_overrides(min_confidence=2)


def test_misspelt_boolean_is_refused():
    with pytest.raises(ConfigError):
        load_settings(environ={"CONFLICTLENS_LANGUAGE_CHECK": "ture"})


def test_fractional_max_chars_is_refused(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("[settings]\nmax_chars = 2.5\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(path, environ={})
