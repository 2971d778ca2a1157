"""A real pypiserver on 127.0.0.1 for tests, and a helper that installs from it.

Use as a pytest plugin (import `local_index` into a conftest). Each worker process
starts its servers once and reuses them, emptied, test after test. A server runs
with upload auth (`-a update`), no fallback to pypi.org, and an htpasswd file
kept as a dot-file in the package folder (pypiserver does not serve dot-files).
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import venv
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

USERNAME = "releaser-ci"
PASSWORD = "s3cret-for-tests-only"  # a throwaway password for the local test index


@dataclass(frozen=True)
class LocalIndex:
    """A running pypiserver: upload to `url`, read `simple_url`, files in `package_dir`."""

    url: str
    simple_url: str
    username: str
    password: str
    package_dir: Path

    def files(self) -> dict[str, int]:
        """The published files (dot-files such as the htpasswd left out), name -> mtime_ns."""
        return {
            p.name: p.stat().st_mtime_ns
            for p in self.package_dir.iterdir()
            if not p.name.startswith(".")
        }


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], deadline: float) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"pypi-server exited with {proc.returncode} before it was ready")
        try:
            with urllib.request.urlopen(url + "health", timeout=1) as resp:
                if resp.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.05)
    raise RuntimeError(f"pypi-server did not answer {url}health in time")


@pytest.fixture
def local_index() -> Iterator[LocalIndex]:
    """A pypiserver on a loopback port with an empty package folder, for this test alone."""
    with running_index() as index:
        yield index


# pypiserver's own `__main__`, plus a thread that ends it when the process that started it is
# gone: a worker killed outright (no atexit) must not leave its long-lived servers behind.
_RUN_WHILE_PARENT_LIVES = """\
import os, runpy, sys, threading, time
parent = os.getppid()
def watch():
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(0)
threading.Thread(target=watch, daemon=True).start()
sys.argv[0] = "pypi-server"
runpy.run_module("pypiserver", run_name="__main__", alter_sys=True)
"""


class _Server:
    """One pypiserver process serving its own folder; reused by the tests of one worker."""

    def __init__(self, package_dir: Path) -> None:
        with warnings.catch_warnings():  # passlib imports the deprecated `crypt` module
            warnings.simplefilter("ignore", DeprecationWarning)
            from passlib.apache import HtpasswdFile  # type: ignore[import-untyped]

        package_dir.mkdir(parents=True)
        self.package_dir = package_dir
        self.htpasswd = package_dir / ".htpasswd"
        users = HtpasswdFile(str(self.htpasswd), new=True)
        users.set_password(USERNAME, PASSWORD)
        users.save()
        self.users = self.htpasswd.read_bytes()
        port = _free_port()
        argv = [
            sys.executable, "-c", _RUN_WHILE_PARENT_LIVES, "run",
            "-i", "127.0.0.1", "-p", str(port),
            "-P", str(self.htpasswd), "-a", "update",
            "--disable-fallback", "--log-stream", "none",
            "--backend", "simple-dir",  # lists the folder on every request: no stale cache
            str(package_dir),
        ]  # fmt: skip
        # its stderr goes to a file: a pipe nobody reads would stall a long-lived server
        self.log = package_dir.with_suffix(".log")
        with self.log.open("wb") as log:
            self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log)
        self.url = f"http://127.0.0.1:{port}/"
        try:
            # returns as soon as it answers; the margin is for a loaded machine running many workers
            _wait_healthy(self.url, self.proc, time.monotonic() + 90)
        except RuntimeError as exc:
            self.stop()
            raise RuntimeError(f"{exc}:\n{self.log.read_text(errors='replace')}") from None

    def reset(self) -> None:
        """Empty the package folder and restore the one user, as a freshly started server has.

        pypiserver lists the folder on every request and re-reads the htpasswd file when its
        modification time changes (a test may have added users): it gets a new one.
        """
        for entry in self.package_dir.iterdir():
            if entry == self.htpasswd:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        before = self.htpasswd.stat().st_mtime_ns
        self.htpasswd.write_bytes(self.users)
        changed = max(before + 1_000_000_000, time.time_ns())
        os.utime(self.htpasswd, ns=(changed, changed))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class _Pool:
    """The pypiservers of this process: started on first use, stopped when the process exits.

    Starting pypiserver costs about half a second of CPU; a test takes an idle server (or
    starts one), gets it emptied, and gives it back. Each test sees only its own uploads:
    nothing else uses the server while the test holds it (an xdist worker runs one test at
    a time, and each worker process has its own pool).
    """

    def __init__(self) -> None:
        self.idle: list[_Server] = []
        self.started: list[_Server] = []
        self.root: Path | None = None

    def take(self) -> _Server:
        while self.idle:
            server = self.idle.pop()
            if server.proc.poll() is None:
                server.reset()
                return server
        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="releaser-test-index-"))
            atexit.register(self.close)
        server = _Server(self.root / f"packages-{len(self.started)}")
        self.started.append(server)
        return server

    def give_back(self, server: _Server) -> None:
        self.idle.append(server)

    def close(self) -> None:
        for server in self.started:
            server.stop()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)


_POOL = _Pool()


@contextlib.contextmanager
def running_index(package_dir: Path | None = None) -> Iterator[LocalIndex]:
    """A real pypiserver with upload authentication on 127.0.0.1, its package folder empty.

    Without `package_dir`, a server of this process's pool (its files stay in `package_dir`
    until the next test takes the same server); with it, a server of its own serving that
    new folder, stopped on leaving (the files stay).
    """
    server = _POOL.take() if package_dir is None else _Server(package_dir)
    try:
        yield LocalIndex(server.url, server.url + "simple/", USERNAME, PASSWORD, server.package_dir)
    finally:
        if package_dir is None:
            _POOL.give_back(server)
        else:
            server.stop()


def _clean_pip_env() -> dict[str, str]:
    """The environment without this machine's pip settings (extra indexes, find-links)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env["PIP_CONFIG_FILE"] = os.devnull  # also skips the global pip.conf
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def install_from_index(simple_url: str, name: str, version: str, where: Path) -> str:
    """Install `name==version` from `simple_url` only, into a new venv; return its version.

    The venv is made without pip (fast); this Python's pip installs into it with
    `--python`. Only the given index is consulted: `--isolated`, no config file,
    no PIP_* variables, so a file found elsewhere cannot satisfy the request.
    The venv's own interpreter then imports the package (`name` with dashes as
    underscores) from the venv and reads its `__version__`, which must equal the
    installed metadata's version: a stamp that landed after the build is caught.
    """
    venv.EnvBuilder(with_pip=False, symlinks=True).create(where)
    python = where / "bin" / "python"
    install = [
        sys.executable, "-m", "pip", "--isolated", "--python", str(python),
        "install", "--no-cache-dir", "--no-deps", "--index-url", simple_url,
        f"{name}=={version}",
    ]  # fmt: skip
    done = subprocess.run(
        install, capture_output=True, text=True, env=_clean_pip_env(), timeout=120, check=False
    )
    if done.returncode != 0:
        raise AssertionError(f"pip install failed:\n{done.stdout}\n{done.stderr}")
    module = name.replace("-", "_").lower()
    probe = (
        "import importlib, importlib.metadata as m, json; "
        f"mod = importlib.import_module({module!r}); "
        f"print(json.dumps([m.version({name!r}), mod.__version__, mod.__file__]))"
    )
    shown = subprocess.run(
        [str(python), "-I", "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    if shown.returncode != 0:
        raise AssertionError(f"importing {module} from {where} failed:\n{shown.stderr}")
    metadata, imported, path = json.loads(shown.stdout)
    if not path.startswith(str(where)):
        raise AssertionError(f"{module} was imported from {path}, not from the venv {where}")
    if imported != metadata:
        raise AssertionError(
            f"{name} {metadata} is installed, but {module}.__version__ is {imported!r}: "
            "the distribution was built before (or without) the version stamp"
        )
    return str(metadata)
