import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from sinergi.core.env import env_bool, env_int, env_list, env_secret


def test_env_bool_is_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", default=False) is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", default=False)


def test_env_int_and_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_INT", "12x")
    with pytest.raises(ImproperlyConfigured, match="X_INT must be a whole number"):
        env_int("X_INT", default=1)
    monkeypatch.setenv("X_LIST", " a, b ,,")
    assert env_list("X_LIST", default=[]) == ["a", "b"]


def test_secrets_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret = tmp_path / "key"
    secret.write_text("from-file\n")
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "from-file"


def _settings_in_subprocess(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='sinergi.settings'; django.setup()"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_database_without_a_secret_key_refuses_to_start(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "SINERGI_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "postgres://x@127.0.0.1:1/x",
        "SINERGI_SECRET_KEY": "change-me",
    }
    result = _settings_in_subprocess(env)
    assert result.returncode != 0
    assert "SINERGI_SECRET_KEY" in result.stderr


def test_the_embedded_default_keeps_a_generated_secret_in_the_data_dir(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "SINERGI_DATA_DIR": str(tmp_path)}
    assert _settings_in_subprocess(env).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) > 40 and (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert _settings_in_subprocess(env).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
