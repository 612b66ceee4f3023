"""The settings table is the one source of truth: parsed strictly, shown in --help and docs/settings.md."""
import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from svit_appliance.settings import SETTINGS_TABLE, Settings, SettingsError

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_PAGE = ROOT / "docs" / "settings.md"


def test_it_has_one_field_per_setting_in_the_table():
    assert [s.name for s in SETTINGS_TABLE] == [f.name for f in dataclasses.fields(Settings)]


def test_it_uses_defaults_then_environment_then_overrides():
    settings = Settings.load({"SVIT_PORT": "9000", "SVIT_DATA_DIR": "/env"}, data_dir="/flag")
    assert settings.port == 9000
    assert settings.data_dir == "/flag"
    assert settings.max_body_bytes == 1_048_576


@pytest.mark.parametrize("env, value", [
    ("SVIT_PORT", "eighty"), ("SVIT_PORT", "70000"), ("SVIT_ACCESS_LOG", "maybe"),
    ("SVIT_MAX_BODY_BYTES", "0"), ("SVIT_DEFAULT_PHONE_REGION", "USA"), ("SVIT_LOG_LEVEL", "LOUD"),
])
def test_it_refuses_unparseable_values_naming_the_variable(env, value):
    with pytest.raises(SettingsError, match=env):
        Settings.load({env: value})


def test_it_documents_every_setting_in_serve_help_and_the_settings_page():
    help_text = subprocess.run([sys.executable, "-m", "svit_appliance", "serve", "--help"],
                               capture_output=True, text=True, check=True).stdout
    documented = " ".join(line.split("|")[1] for line in SETTINGS_PAGE.read_text().splitlines() if line.startswith("| `"))
    for setting in SETTINGS_TABLE:
        assert setting.env in help_text
        assert f"`{setting.env}`" in documented, f"{setting.env} has no row in docs/settings.md"


def test_it_keeps_the_settings_page_table_as_the_settings_generate_it():
    generated = subprocess.run([sys.executable, "-m", "svit_appliance", "settings", "--markdown"],
                               capture_output=True, text=True, check=True).stdout.strip()
    assert generated in SETTINGS_PAGE.read_text(), (
        "docs/settings.md's table differs from the settings' help: regenerate it with `svit settings --markdown`")


def test_it_prints_every_setting_in_effect_with_its_source_and_no_secret(tmp_path):
    env = {"PATH": "/usr/bin", "SVIT_PORT": "9001", "SVIT_METRICS_TOKEN": "s3cret-token",
           "SVIT_DATABASE_URL": "postgresql://svit:hunter2@db.internal/svit"}
    result = subprocess.run([sys.executable, "-m", "svit_appliance", "settings", "--json", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, check=True, env=env)
    rows = {row["variable"]: row for row in json.loads(result.stdout)}
    assert list(rows) == [s.env for s in SETTINGS_TABLE]
    assert rows["SVIT_PORT"] == {"variable": "SVIT_PORT", "value": "9001", "source": "environment"}
    assert rows["SVIT_HOST"] == {"variable": "SVIT_HOST", "value": "127.0.0.1", "source": "default"}
    assert rows["SVIT_DATA_DIR"]["source"] == "--data-dir"
    assert rows["SVIT_METRICS_TOKEN"]["value"] == "(set)"
    assert rows["SVIT_DATABASE_URL"]["value"] == "postgresql://svit:***@db.internal/svit"
    assert "s3cret-token" not in result.stdout and "hunter2" not in result.stdout


def test_it_links_the_settings_page_from_the_readme_and_the_guide_index():
    assert "](docs/settings.md)" in ROOT.joinpath("README.md").read_text()
    assert "](settings.md)" in ROOT.joinpath("docs", "README.md").read_text()


def test_it_exits_with_a_clear_message_on_a_bad_setting(tmp_path):
    result = subprocess.run([sys.executable, "-m", "svit_appliance", "project", "list", "--data-dir", str(tmp_path)],
                            capture_output=True, text=True, env={"SVIT_PORT": "x", "PATH": "/usr/bin"})
    assert result.returncode == 1
    assert "SVIT_PORT='x'" in result.stderr


@pytest.mark.parametrize("raw, seconds", [("90", 90.0), ("90s", 90.0), ("30m", 1800.0), ("12h", 43200.0),
                                          ("1d", 86400.0), ("0.5", 0.5), ("off", 0.0)])
def test_it_reads_durations_for_the_backup_and_retention_schedules(raw, seconds):
    settings = Settings.load({"SVIT_BACKUP_INTERVAL": raw, "SVIT_RETENTION_INTERVAL": raw})
    assert settings.backup_interval == seconds and settings.retention_interval == seconds


@pytest.mark.parametrize("raw", ["weekly", "1w", "-5m", "0", "m"])
def test_it_refuses_durations_it_cannot_read(raw):
    with pytest.raises(SettingsError, match="SVIT_BACKUP_INTERVAL"):
        Settings.load({"SVIT_BACKUP_INTERVAL": raw})
