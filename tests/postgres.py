"""A throwaway PostgreSQL server for the tests: `initdb` on a temporary folder, the `postgres`
server on a free port of 127.0.0.1 (and a socket in that folder), `pg_ctl stop` at the end.

    with PostgresServer() as server:
        engine = sqlalchemy.create_engine(server.url)

The server is stopped and its folder removed when the block ends, by an exception too; should
the test process die without cleaning up, the kernel sends the server SIGQUIT (PR_SET_PDEATHSIG:
immediate shutdown). As root (initdb refuses root) it runs as the `postgres` user Debian's
package makes, else as `nobody`. Debian's `postgresql` package provides the programs (under
/usr/lib/postgresql/VERSION/bin); `make test` installs it when it can.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

READY_SECONDS = 60
USER = "ecmo"  # the database superuser initdb makes; trust authentication, 127.0.0.1 only


def server_bin() -> Optional[Path]:
    """The folder holding initdb, pg_ctl and postgres (the newest Debian version, else PATH)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
                        if Path(p).parent.name.isdigit() else 0, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(str(Path(on_path).resolve().parent))
    for folder in candidates:
        if all(os.access(Path(folder) / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return Path(folder)
    return None


def missing_reason() -> Optional[str]:
    """Why no server can be started here, or None."""
    if server_bin() is None:
        return ("no PostgreSQL server programs (initdb, pg_ctl, postgres): apt-get install postgresql "
                "(make test does it as root)")
    if os.geteuid() == 0 and _account() is None:
        return "running as root and neither a 'postgres' nor a 'nobody' account to run the server as"
    return None


def _account() -> Optional[pwd.struct_passwd]:
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    return None


# Looked up before any fork: the child between fork and exec should only make system calls.
_PRCTL = None
if sys.platform.startswith("linux"):
    import ctypes

    _PRCTL = ctypes.CDLL(None, use_errno=True).prctl


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One server; `url` is a SQLAlchemy URL for its `postgres` database as USER."""

    def __init__(self) -> None:
        folder = server_bin()
        if folder is None:
            raise RuntimeError(missing_reason())
        self.bin = folder
        self.account = _account()
        self.root = Path(tempfile.mkdtemp(prefix="ecmo-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.process: Optional[subprocess.Popen] = None
        self.log = self.root / "server.log"
        self.url = f"postgresql+psycopg://{USER}@127.0.0.1:{self.port}/postgres"

    def _as_server_user(self) -> None:
        """In the child before exec: the server's account, then SIGQUIT when the test process dies."""
        if self.account is not None:
            os.setgid(self.account.pw_gid)
            os.setgroups([])
            os.setuid(self.account.pw_uid)
        if _PRCTL is not None:
            _PRCTL(1, int(signal.SIGQUIT))  # PR_SET_PDEATHSIG, after setuid (which clears it)

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        return subprocess.run(command, capture_output=True, text=True, timeout=120, preexec_fn=self._drop,
                              env=self._env())

    def _drop(self) -> None:
        if self.account is not None:
            os.setgid(self.account.pw_gid)
            os.setgroups([])
            os.setuid(self.account.pw_uid)

    def _env(self) -> dict[str, str]:
        return {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8",
                **({"HOME": str(self.root)} if self.account is not None else {})}

    def start(self) -> "PostgresServer":
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> "PostgresServer":
        if self.account is not None:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        done = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync")
        if done.returncode != 0:
            raise RuntimeError(f"initdb failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        log = open(self.log, "ab")
        self.process = subprocess.Popen(
            [str(self.bin / "postgres"), "-D", str(self.data), "-p", str(self.port), "-k", str(self.root),
             "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "synchronous_commit=off",
             "-c", "full_page_writes=off"],
            stdout=log, stderr=subprocess.STDOUT, preexec_fn=self._as_server_user, env=self._env())
        log.close()
        deadline = time.monotonic() + READY_SECONDS
        while not self.ready():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL did not start: {self.log.read_text()[-3000:]}")
            time.sleep(0.1)
        return self

    def ready(self) -> bool:
        import psycopg

        try:
            psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname=postgres", connect_timeout=2).close()
            return True
        except psycopg.OperationalError:
            return False

    def version(self) -> str:
        return self._run(str(self.bin / "postgres"), "--version").stdout.strip()

    def stop(self) -> None:
        """pg_ctl stop (fast), then SIGKILL should the server still run; the folder goes."""
        try:
            if self.process is not None and self.process.poll() is None:
                self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "30", "stop")
                try:
                    self.process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=30)
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> "PostgresServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
