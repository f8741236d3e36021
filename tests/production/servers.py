"""Caddy, run from deploy/Caddyfile for the production tests (the other processes are in tests/servers.py)."""

import os
import shutil
import socket
import ssl
import subprocess
from pathlib import Path

from tests.servers import ROOT, listening, start, stop, wait_until

CADDYFILE = ROOT / "deploy" / "Caddyfile"


def serves_tls(port: int, root: Path) -> bool:
    """Whether Caddy completes a TLS handshake for localhost with a certificate of its root: it listens, and
    has its certificate, some time before it can present one (it answers "internal error" until then)."""
    try:
        context = ssl.create_default_context(cafile=str(root))
        with (
            socket.create_connection(("127.0.0.1", port), timeout=2) as connection,
            context.wrap_socket(connection, server_hostname="localhost"),
        ):
            return True
    except OSError:  # refused, or a handshake that fails (ssl.SSLError is an OSError)
        return False


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
        wait_until(
            lambda: listening(https_port) and root.exists() and serves_tls(https_port, root),
            seconds=30,
            what="Caddy listening",
            process=process,
            log=folder / "caddy.log",
        )
    except BaseException:
        stop(process)
        raise
    return process, root
