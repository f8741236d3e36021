"""Real processes for the production tests. Each binds 127.0.0.1 on a free port, writes its output to a file
the tests read afterwards, and is stopped by the fixture that started it."""

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
CADDYFILE = PROJECT / "deploy" / "Caddyfile"
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], bool], *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not happen within {seconds} s")


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """Start a server in its own session, its output (stdout and stderr) going to `log`."""
    with log.open("ab") as output:
        return subprocess.Popen(command, cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_caddy(folder: Path, *, upstream: str, https_port: int, http_port: int) -> tuple[subprocess.Popen, Path]:
    """deploy/Caddyfile as docker-compose.yml runs it (TLS from Caddy's internal authority), in front of
    `upstream`. Returns the process and the root certificate that clients trust."""
    data = folder / "caddy-data"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(folder),
        "XDG_DATA_HOME": str(data),
        "XDG_CONFIG_HOME": str(folder / "caddy-config"),
        "SITE_ADDRESS": "localhost",
        "UPSTREAM": upstream,
        "HTTPS_PORT": str(https_port),
        "HTTP_PORT": str(http_port),
        "BIND": "127.0.0.1",
    }
    command = [shutil.which("caddy") or "caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"]
    process = start(command, env=env, log=folder / "caddy.log")
    root = data / "caddy" / "pki" / "authorities" / "local" / "root.crt"
    try:
        wait_until(lambda: listening(https_port) and root.exists() or process.poll() is not None,
                   seconds=30, what="Caddy listening")
        if process.poll() is not None:
            raise RuntimeError("Caddy stopped:\n" + (folder / "caddy.log").read_text())
    except BaseException:
        stop(process)
        raise
    return process, root
