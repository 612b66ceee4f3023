"""The one-file binary: its size and its start-up time to the first ``200 /healthz``.

    python tests/bench/bench_binary.py [--runs 9]

Builds dist/svit first when it is missing or stale (build/build.sh), or measures SVIT_BINARY.
The baseline is ``svit`` from pip (this interpreter's venv), started the same way, with runs
interleaved so both see the same machine load. Start-up is timed from launching the process
to the first 200 of /healthz (polled every 2 ms), on a data dir that already has its schema,
and separately on an empty data dir (first run: schema created).
Targets: start to first 200 /healthz <= 1 s; size <= 40 MB.
"""
import argparse
import http.client
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.bench.harness import print_table  # noqa: E402
from tests.binary.frozen import ensure_binary  # noqa: E402
from tests.conftest import free_port, provision  # noqa: E402


def healthy(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
    try:
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def time_to_healthy(command: list[str], data_dir: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen([*command, "serve", "--data-dir", str(data_dir), "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not healthy(port):
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} exited with {process.returncode}")
            time.sleep(0.002)
        return time.perf_counter() - started
    finally:
        process.send_signal(signal.SIGTERM)
        if process.wait(30) != 0:
            raise RuntimeError(f"{command[0]} exited with {process.returncode} on SIGTERM")


def summary(seconds: list[float]) -> tuple[str, str, str]:
    return f"{statistics.median(seconds):.3f}", f"{min(seconds):.3f}", f"{max(seconds):.3f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    binary = ensure_binary()
    commands = {"binary": [str(binary)], "pip": [str(Path(sys.executable).with_name("svit"))]}
    existing = {name: [] for name in commands}
    empty = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name in commands:
            provision(tmp / name)
            time_to_healthy(commands[name], tmp / name)  # warm the page cache once
        for run in range(args.runs):
            for name, command in commands.items():
                existing[name].append(time_to_healthy(command, tmp / name))
                empty[name].append(time_to_healthy(command, tmp / f"{name}-empty-{run}"))

    size = binary.stat().st_size
    print(f"binary: {binary} ({subprocess.run([str(binary), 'version'], capture_output=True, text=True).stdout.strip()})")
    print(f"size: {size / 1e6:.1f} MB ({size / 2**20:.1f} MiB); target <= 40 MB\n")
    print_table([
        ("start to first 200 /healthz, s", "median", "min", "max"),
        ("binary, existing data dir", *summary(existing["binary"])),
        ("pip svit, existing data dir", *summary(existing["pip"])),
        ("binary, empty data dir", *summary(empty["binary"])),
        ("pip svit, empty data dir", *summary(empty["pip"])),
    ])
    ratio = statistics.median(existing["binary"]) / statistics.median(existing["pip"])
    print(f"\nbinary/pip: {ratio:.2f}x; binary median {statistics.median(existing['binary']):.3f} s (target <= 1 s), "
          f"{args.runs} runs each, interleaved")
    return 0


if __name__ == "__main__":
    sys.exit(main())
