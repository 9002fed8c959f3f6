"""House-style checks that no linter does: every domain app has the same file set, modules
stay under 600 lines, and views/API handlers never write to models directly."""

from __future__ import annotations

import re
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sinergi"
NOT_DOMAIN_APPS = {"web", "locale", "data", "static", "templates"}
REQUIRED = ("models.py", "services.py", "selectors.py", "api.py", "schemas.py", "admin.py")
MAX_LINES = 600
DIRECT_WRITE = re.compile(r"\.(save|create|update|delete|bulk_create)\(")


def problems() -> list[str]:
    found = []
    for app in sorted(p for p in PACKAGE.iterdir() if (p / "apps.py").exists()):
        if app.name in NOT_DOMAIN_APPS:
            continue
        found += [f"{app.name}: missing {name}" for name in REQUIRED if not (app / name).exists()]
        for thin in ("views.py", "api.py"):
            path = app / thin
            if path.exists() and DIRECT_WRITE.search(path.read_text()):
                found.append(f"{app.name}/{thin}: writes to models directly; use a service")
    for module in PACKAGE.rglob("*.py"):
        if "migrations" not in module.parts:
            lines = module.read_text().count("\n")
            if lines > MAX_LINES:
                found.append(f"{module.relative_to(PACKAGE)}: {lines} lines (split it)")
    return found


if __name__ == "__main__":
    issues = problems()
    for issue in issues:
        print(issue, file=sys.stderr)
    sys.exit(1 if issues else 0)
