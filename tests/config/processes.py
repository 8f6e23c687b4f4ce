"""Run the project as a separate process, with only the environment it is given."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
PRODUCTION_SECRET = "k3Xq-9vLr2mWbT7yNp4sZc8dHf6jGa1uEo5iRt0wYx_QlVnBmC"
# A Fernet key for these processes only (32 bytes, url-safe base64).
PRODUCTION_WEBHOOK_KEY = "cHJvZHVjdGlvbi1saWtlLXRlc3RzLW9ubHkta2V5LTE="


def production_env(**overrides):
    """The environment of a production deployment behind an HTTPS proxy."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key in {"PATH", "HOME", "LANG", "SYSTEMROOT", "TMPDIR"}
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "DEBUG": "false",
            "SECRET_KEY": PRODUCTION_SECRET,
            "WEBHOOK_SECRET_KEYS": PRODUCTION_WEBHOOK_KEY,
            "ALLOWED_HOSTS": "guidance.example.org",
            "CACHE_URL": "redis://cache.internal:6379/0",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
