"""What an audit costs before it checks anything: no `pip` child to learn pip's version."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib.metadata import version
from pathlib import Path

AUDIT_DB = Path(__file__).parent / "fixtures" / "osv"

_PROBE = textwrap.dedent(
    """
    import json, subprocess, sys
    from pathlib import Path

    started = []
    real = subprocess.Popen.__init__

    def spy(self, args, *rest, **options):
        started.append([str(a) for a in args] if isinstance(args, (list, tuple)) else [args])
        real(self, args, *rest, **options)

    subprocess.Popen.__init__ = spy
    from releaser.adapters.pip_audit import DependencyQuery, audit_dependencies

    project, db = Path(sys.argv[1]), Path(sys.argv[2])
    query = DependencyQuery(project, (project / "requirements.txt",), advisory_db=db)
    run = audit_dependencies(query)
    import pip_api

    print(json.dumps({"started": started, "pip": str(pip_api.PIP_VERSION), "detail": run.detail}))
    """
)


def test_offline_audit_starts_no_pip_and_knows_pips_version(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("jinja2==2.4.1\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tmp_path), str(AUDIT_DB)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["detail"].startswith("1 packages checked against advisory database")
    assert [argv for argv in seen["started"] if "pip" in argv] == []  # no `python -m pip`
    assert seen["pip"] == version("pip")  # what pip-audit is told: this interpreter's pip


def test_a_project_without_dependencies_is_audited_without_loading_pip_audit(
    tmp_path: Path,
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "p"\nversion = "1"\n', encoding="utf-8"
    )
    probe = (
        "import sys\nfrom pathlib import Path\n"
        "from releaser.adapters.pip_audit import DependencyQuery, audit_dependencies\n"
        "run = audit_dependencies(DependencyQuery(Path(sys.argv[1])))\n"
        "print(run.detail, 'pip_audit' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["no", "dependencies", "declared", "False"]
