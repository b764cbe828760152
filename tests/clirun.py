"""`python -m dxcompare ARGS` as a user runs it, started cheaply: the tests' one way to run the command line.

The suite runs the command line a few hundred times, and a fresh interpreter spends
about half a second importing pandas and pyarrow before a command does anything.
Here one helper process per test worker (a *zygote*) imports the libraries and the
package's modules once (imports only: nothing is run, no state is built), then forks
a child per command. The child takes the command's working folder, environment and
standard streams, runs `dxcompare.__main__` as `python -m dxcompare` does, finishes
as an interpreter does (non-daemon threads joined, exit handlers run, streams
flushed: a failing flush exits 120) and its exit status is the command's.

What a fork cannot show runs in real interpreters elsewhere: what a command imports
and every module imported on its own (test_package_structure.py), the README's
commands (test_readme_commands.py), memory of a whole process
(test_ingest_bad_input.py), a kill -9 in the middle of an export (test_faults.py).
An environment that changes how Python itself starts (`PYTHON*` variables other
than PYTHONIOENCODING) also gets a real interpreter.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_ZYGOTE = r"""
import atexit, io, json, os, runpy, signal, sys, threading, time, traceback
import numpy, pandas, pyarrow, yaml  # third-party libraries a command needs
import dxcompare, dxcompare.cli, dxcompare.loader, dxcompare.extract  # imports only: no command has run

replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
devnull = os.open(os.devnull, os.O_RDWR)
os.dup2(devnull, 1)  # nothing the zygote prints can reach the reply channel


def child(req):
    os.close(replies.fileno())
    os.chdir(req["cwd"])
    os.environ.clear()
    os.environ.update(req["env"])
    fds = (os.open(req["stdin"], os.O_RDONLY), os.open(req["stdout"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC),
           os.open(req["stderr"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC))
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    enc, _, errors = os.environ.get("PYTHONIOENCODING", "utf-8").partition(":")
    sys.stdin = open(0, "r", encoding=enc, closefd=False)
    sys.stdout = open(1, "w", encoding=enc, errors=errors or "strict", closefd=False)
    sys.stderr = open(2, "w", encoding=enc, errors="backslashreplace", closefd=False, buffering=1)
    sys.argv = ["-m", *req["args"]]
    code = 0
    try:
        runpy.run_module("dxcompare", run_name="__main__", alter_sys=True)
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    threading._shutdown()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
    except BaseException:
        code = 120
    try:
        sys.stderr.flush()
    except BaseException:
        pass
    os._exit(code)


for line in sys.stdin:
    req = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            child(req)
        finally:
            os._exit(70)
    deadline = time.monotonic() + req["timeout"]
    reply = {}
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            reply["code"] = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            reply["timeout"] = True
            break
        time.sleep(0.002)
    replies.write(json.dumps(reply) + "\n")
    replies.flush()
"""

_zygote: subprocess.Popen | None = None
_zygote_log = tempfile.TemporaryFile()  # the zygote's own stderr: said when it dies, silent when the worker exits


def _start() -> subprocess.Popen:
    global _zygote
    if _zygote is None or _zygote.poll() is not None:
        _zygote = subprocess.Popen([sys.executable, "-c", _ZYGOTE], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=_zygote_log, text=True, encoding="utf-8", cwd=ROOT,
                                   env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    return _zygote


def _died() -> RuntimeError:
    _zygote_log.seek(0)
    return RuntimeError("the command-line zygote died:\n" + _zygote_log.read().decode("utf-8", "replace")[-3000:])


def _needs_a_real_interpreter(env: dict[str, str]) -> bool:
    def python_vars(e):
        return {k: v for k, v in e.items() if k.startswith("PYTHON") and k != "PYTHONIOENCODING"}
    return python_vars(env) != python_vars(os.environ)


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: str | os.PathLike = ROOT, timeout: float = 300,
            stdout: str | os.PathLike | None = None, text: bool = True) -> subprocess.CompletedProcess:
    """`python -m dxcompare *args` in `cwd` with `env` (default: this process's environment, UTF-8 streams):
    its exit code, stdout and stderr, as `subprocess.run(..., capture_output=True)` gives them.
    `stdout`: a file to write the command's output to instead (e.g. /dev/full); `.stdout` is then None."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"} if env is None else dict(env)
    command = [sys.executable, "-m", "dxcompare", *map(str, args)]
    if _needs_a_real_interpreter(env):
        kw = {"cwd": cwd, "env": env, "timeout": timeout, "encoding": "utf-8" if text else None, "stderr": subprocess.PIPE}
        if stdout:
            with open(stdout, "wb") as out:
                return subprocess.run(command, stdout=out, **kw)
        return subprocess.run(command, stdout=subprocess.PIPE, **kw)
    with tempfile.TemporaryDirectory(prefix="dxcompare-cli-") as tmp:
        out_path, err_path = str(stdout) if stdout else f"{tmp}/stdout", f"{tmp}/stderr"
        request = {"args": list(map(str, args)), "env": env, "cwd": str(Path(cwd).resolve()), "stdin": os.devnull,
                   "stdout": out_path, "stderr": err_path, "timeout": timeout}
        zygote = _start()
        zygote.stdin.write(json.dumps(request) + "\n")
        zygote.stdin.flush()
        line = zygote.stdout.readline()
        if not line:
            raise _died()
        reply = json.loads(line)
        if reply.get("timeout"):
            raise subprocess.TimeoutExpired(command, timeout)
        err = Path(err_path).read_bytes()
        out = None if stdout else Path(out_path).read_bytes()
    if text:  # as subprocess.run(text=True) reads a pipe: universal newlines
        err = _lines(err.decode("utf-8"))
        out = None if out is None else _lines(out.decode("utf-8"))
    return subprocess.CompletedProcess(command, reply["code"], out, err)
