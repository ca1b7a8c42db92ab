"""The HTTP harness of the benchmarks: granian (WSGI, 2 workers, bounded blocking threads) on 127.0.0.1 in front
of a benchmark database with production-like settings, loaded by ``wrk`` with a Lua script whose requests vary.

Not a benchmark itself (no ``run``): ``bench.worklist``, ``bench.public_tracking`` and ``bench.submission_http``
use :func:`serve` and :func:`load`.
"""

from __future__ import annotations

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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
#: Where the served instance keeps its collected static files and secret key (``var/`` is not committed).
VAR_DIR = ROOT / "var" / "bench-http"
WORKERS = 2
#: Blocking threads per worker: each holds one database connection, so the server never opens more
#: than ``WORKERS × BLOCKING_THREADS`` of them however many clients connect.
BLOCKING_THREADS = 4
WRK_MISSING = (
    "bench: wrk is not installed; install the Debian package `wrk` (apt-get install wrk, listed in .ci/run) "
    "to run the HTTP benchmarks"
)

# wrk's Lua side: requests cycle through the table the harness writes (path, cookie, body), each thread
# starting at a different place; ``done`` prints one JSON line the harness reads.
LUA = r"""
local counter = 0
local offset = 0
local threads = {}

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  counter = offset + tonumber(args[1] or "0")
end

function request()
  counter = counter + 1
  local r = REQUESTS[(counter % #REQUESTS) + 1]
  local headers = {}
  for k, v in pairs(r.headers) do headers[k] = v end
  headers["Idempotency-Key"] = r.key and (r.key .. "-" .. offset .. "-" .. counter) or nil
  return wrk.format(r.method, r.path, headers, r.body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
    .. '"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass(frozen=True)
class Request:
    """One request of the rotation. ``idempotent_prefix`` makes wrk send a unique ``Idempotency-Key``."""

    path: str
    method: str = "GET"
    headers: tuple[tuple[str, str], ...] = ()
    body: str | None = None
    idempotent_prefix: str = ""


@dataclass(frozen=True)
class Result:
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    errors: int
    non_2xx: int
    connections: int
    #: CPU milliseconds per request spent by the server's processes and by PostgreSQL's during the run (None when
    #: not measured): steadier than the rate on a shared machine, and what the rate is bounded by on two cores.
    server_cpu_ms: float | None = None
    database_cpu_ms: float | None = None

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def context(self) -> str:
        cpu = ""
        if self.server_cpu_ms is not None and self.database_cpu_ms is not None:
            cpu = (
                f"CPU per request: server {self.server_cpu_ms:.2f} ms + PostgreSQL {self.database_cpu_ms:.2f} ms "
                f"(ceiling on {os.cpu_count()} cores ≈ {ceiling(self.server_cpu_ms + self.database_cpu_ms):,.0f}/s), "
            )
        return (
            f"p50 {self.p50_ms:.1f} ms, p90 {self.p90_ms:.1f} ms, p99 {self.p99_ms:.1f} ms, {cpu}"
            f"{self.requests:,} requests in {self.seconds:.0f} s over {self.connections} connections, "
            f"{self.non_2xx} non-2xx, {self.errors} socket errors"
        )


def ceiling(cpu_ms: float) -> float:
    """Requests per second this machine's cores could serve at ``cpu_ms`` of CPU each, nothing else running."""
    return (os.cpu_count() or 1) * 1000 / cpu_ms if cpu_ms else 0.0


def _processes() -> dict[int, tuple[int, str, int]]:
    """Every process: pid → (parent pid, command name, CPU ticks used so far)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        found[int(entry)] = (int(fields[1]), name, int(fields[11]) + int(fields[12]))
    return found


def cpu_ticks(root: int) -> tuple[int, int]:
    """CPU ticks used so far by ``root`` and its descendants, and by the PostgreSQL server's processes."""
    table = _processes()
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _n, _t) in table.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    server = sum(table[pid][2] for pid in tree if pid in table)
    database = sum(ticks for _ppid, name, ticks in table.values() if name.startswith("postgres"))
    return server, database


def wrk_path() -> str | None:
    return shutil.which("wrk")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


SECRET_KEY = "bench-http-only-" + "x" * 48


def use_server_settings() -> None:
    """Call before ``django_setup``: sessions made here must be signed like the server's."""
    os.environ["MOTCUA_VAR_DIR"] = str(VAR_DIR)
    os.environ["MOTCUA_SECRET_KEY"] = SECRET_KEY


def server_environ(database_url: str) -> dict[str, str]:
    """Production-like settings: no debug, production hardening (TLS ends at the proxy), quiet logs.

    Rate limits are off: every request comes from one address, which the limits would rightly stop."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="motcua.settings.base",
        DATABASE_URL=database_url,
        MOTCUA_VAR_DIR=str(VAR_DIR),
        MOTCUA_DEBUG="false",
        MOTCUA_PRODUCTION="true",
        MOTCUA_SSL_REDIRECT="false",
        MOTCUA_SECRET_KEY=SECRET_KEY,
        MOTCUA_LOG_LEVEL="WARNING",
        MOTCUA_RATELIMIT="false",
        MOTCUA_TASKS_BACKEND="database",
    )
    return env


def collect_static(env: dict[str, str]) -> None:
    """Collect (hash, compress) static files once: pages fail without the manifest when DEBUG is off."""
    if (VAR_DIR / "static" / "staticfiles.json").exists():
        return
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
    )


@dataclass(frozen=True)
class Server:
    base_url: str
    process: subprocess.Popen[bytes]
    environ: dict[str, str]


@contextmanager
def serve(
    database_url: str,
    *,
    workers: int = WORKERS,
    threads: int = BLOCKING_THREADS,
    factory: str = "",
) -> Iterator[Server]:
    """Run granian on a free loopback port until the block ends; wait until ``/healthz`` answers.

    ``factory`` (``module:function``) serves the WSGI application that function returns instead of motcua's."""
    env = server_environ(database_url)
    collect_static(env)
    port = _free_port()
    command = [
        str(VENV_BIN / "granian"),
        "--interface",
        "wsgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        str(threads),
        "--backlog",
        "1024",
        "--no-access-log",
        "--log-level",
        "warning",
        *(["--factory", factory] if factory else ["motcua.wsgi:application"]),
    ]
    process = subprocess.Popen(command, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, process)
        yield Server(base, process, env)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"granian exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310 — loopback
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise RuntimeError("granian did not answer /healthz in time")


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One GET outside wrk (to check a path answers before loading it)."""
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 — loopback URLs we built
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return int(response.status), response.read()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read()


def _lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a valid Lua string literal (Lua strings are 8-bit clean)


def _script(requests: Sequence[Request]) -> str:
    rows = []
    for r in requests:
        headers = ", ".join(f"[{_lua_string(k)}] = {_lua_string(v)}" for k, v in r.headers)
        body = _lua_string(r.body) if r.body is not None else "nil"
        key = _lua_string(r.idempotent_prefix) if r.idempotent_prefix else "nil"
        rows.append(
            f"{{method = {_lua_string(r.method)}, path = {_lua_string(r.path)}, "
            f"headers = {{{headers}}}, body = {body}, key = {key}}}"
        )
    # one function per chunk: LuaJIT allows 65,536 constants per function
    chunks = [
        "do local function add() for _, r in ipairs({\n"
        + ",\n".join(rows[i : i + 1000])
        + "\n}) do table.insert(REQUESTS, r) end end add() end"
        for i in range(0, len(rows), 1000)
    ]
    return "REQUESTS = {}\n" + "\n".join(chunks) + "\n" + LUA


def load(
    base_url: str,
    requests: Sequence[Request],
    *,
    seconds: int = 15,
    connections: int = 16,
    threads: int = 1,
    warmup: int = 3,
    server: Server | None = None,
) -> Result:
    """Warm up, then run wrk for ``seconds`` cycling through ``requests``; its figures (with the CPU each request
    cost the ``server``'s processes and PostgreSQL's, when the server is given)."""
    wrk = wrk_path()
    if wrk is None:
        raise RuntimeError(WRK_MISSING)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", prefix="motcua-bench-", delete=False) as script:
        script.write(_script(requests))
    try:
        if warmup:  # on the second half of the rotation, so single-use items (challenges) are fresh after
            _wrk(wrk, script.name, base_url, warmup, connections, threads, len(requests) // 2)
        before = cpu_ticks(server.process.pid) if server is not None else None
        result = _wrk(wrk, script.name, base_url, seconds, connections, threads, 0)
        if before is None or server is None or not result.requests:
            return result
        after, tick = cpu_ticks(server.process.pid), 1000 / os.sysconf("SC_CLK_TCK")
        return replace(
            result,
            server_cpu_ms=(after[0] - before[0]) * tick / result.requests,
            database_cpu_ms=(after[1] - before[1]) * tick / result.requests,
        )
    finally:
        os.unlink(script.name)


def _wrk(wrk: str, script: str, base: str, seconds: int, connections: int, threads: int, start: int) -> Result:
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script, base]
    command += ["--", str(start)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    return Result(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        p50_ms=data["p50_us"] / 1000,
        p90_ms=data["p90_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        max_ms=data["max_us"] / 1000,
        errors=data["connect"] + data["read"] + data["write"] + data["timeout"],
        non_2xx=data["status"],
        connections=connections,
    )


def machine() -> str:
    """The load of the machine, for the figures' context (the benches share their cores)."""
    one, five, _fifteen = os.getloadavg()
    return f"load avg {one:.1f}/{five:.1f} on {os.cpu_count()} cores"


def officer_cookies(user_ids: Sequence[int]) -> dict[int, str]:
    """Session cookies (``name=key``) for officials, made directly in the session store, with their TOTP
    device marked as verified in the session as the back office's gate requires (Django set up)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.models import User

    users = User.objects.in_bulk(list(user_ids))
    devices = {d.user_id: d for d in TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True)}
    cookies: dict[int, str] = {}
    for uid in user_ids:
        store = SessionStore()
        store[SESSION_KEY] = str(uid)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = users[uid].get_session_auth_hash()
        store[DEVICE_ID_SESSION_KEY] = devices[uid].persistent_id
        store.create()
        cookies[uid] = f"{session_cookie_name()}={store.session_key}"
    return cookies


def session_cookie_name() -> str:
    """The cookie name the served (production) instance uses."""
    return "__Host-sessionid"
