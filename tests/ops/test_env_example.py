"""``.env.example`` names every setting (and holds no secret values)."""

from __future__ import annotations

import re
from pathlib import Path

from ai_designer.core.settings import Settings

REPO = Path(__file__).resolve().parents[2]


def _example() -> str:
    return (REPO / ".env.example").read_text()


def test_every_setting_is_in_env_example() -> None:
    text = _example()
    named = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, flags=re.M))
    aliases = {f.alias for f in Settings.model_fields.values() if f.alias}
    missing = sorted(aliases - named)
    assert not missing, f"add these to .env.example: {missing}"


def test_spec_config_names_are_present() -> None:
    text = _example()
    for name in ("REDIS_HOST", "REDIS_PORT", "REDIS_URL", "FREECAD_APPIMAGE_PATH", "FREECAD_HEADLESS",
                 "AUTH_ENABLED", "AUTH_API_KEYS", "JWT_SECRET_KEY", "RATE_LIMIT_REQUESTS",
                 "RATE_LIMIT_WINDOW_SECONDS", "PROMETHEUS_MULTIPROC_DIR"):
        assert re.search(rf"^#?\s*{name}=", text, flags=re.M), name


def test_no_secret_values() -> None:
    for line in _example().splitlines():
        m = re.match(r"^([A-Z0-9_]*(?:KEY|KEYS|SECRET|TOKEN|PASSWORD))=(\S*)", line)
        if m:
            assert m.group(2) == "", f"{m.group(1)} must be empty in .env.example"
