#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The ffa-notify command line, one case per CTest test.

usage: check_cli.py FFA_NOTIFY CASE TMPDIR

Each case runs the real binary and checks its exit status, what it wrote
on stdout and stderr, and the files it wrote. No case waits by sleeping:
the SIGINT case waits for the first progress line on a pipe, then signals.
"""
import fcntl
import json
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios

TIMEOUT = 120  # against a hang only


def fail(msg):
    print("check_cli: " + msg, file=sys.stderr)
    sys.exit(1)


def run(args, stdin=b"", env=None):
    p = subprocess.run([EXE] + args, input=stdin, capture_output=True,
                       timeout=TIMEOUT, env=env)
    return p.returncode, p.stdout.decode(errors="replace"), \
        p.stderr.decode(errors="replace")


def expect(args, rc, err=None, out=None, stdin=b"", no_out=False):
    got, o, e = run(args, stdin)
    if got != rc:
        fail("%r: exit %d, expected %d\nstdout: %s\nstderr: %s"
             % (args, got, rc, o, e))
    if err is not None and not re.search(err, e, re.M):
        fail("%r: stderr %r does not match %r" % (args, e, err))
    if out is not None and not re.search(out, o, re.M):
        fail("%r: stdout %r does not match %r" % (args, o, out))
    if no_out and o:
        fail("%r: wrote %r on stdout, expected nothing" % (args, o))
    # One clear message: every line of a usage error has the prefix or
    # is the "Try" hint.
    if rc == 2 and err is not None:
        for line in e.splitlines():
            if not re.match(r"^(ffa-notify( run| script)?: |Try '|\S+:\d+: error: )", line):
                fail("%r: unprefixed error line %r" % (args, line))
    return o, e


def case_options():
    expect(["run", "--count", "99999999999999999999"], 2,
           r"^ffa-notify run: --count: 99999999999999999999 is out of range",
           no_out=True)
    expect(["run", "--count", "-1"], 2,
           r"^ffa-notify run: --count: '-1' is not a number", no_out=True)
    expect(["run", "--count"], 2, r"^ffa-notify run: --count needs a value$",
           no_out=True)
    expect(["run", "--rate=x"], 2, r"^ffa-notify run: --rate: 'x' is not a number")
    expect(["run", "--rate", "10000001"], 2, r"out of range \(0 to 10000000\)")
    expect(["run", "--seed", "18446744073709551616"], 2, r"--seed: .*out of range")
    expect(["run", "--duration", "0"], 2, r"^ffa-notify run: --duration: ")
    expect(["run", "--duration", "nan"], 2, r"^ffa-notify run: --duration: ")
    expect(["run", "--count", "0"], 2, r"out of range \(1 to 1000000000\)")
    expect(["run", "--bogus"], 2, r"^ffa-notify run: unknown option '--bogus'")
    expect(["run", "a.scn", "b.scn"], 2, r"^ffa-notify run: one scenario at most")
    expect(["bogus"], 2, r"^ffa-notify: unknown command 'bogus'")
    rc, o, e = run([])
    if rc != 2 or not e.startswith("usage: ffa-notify") or o:
        fail("no command: exit %d, %r" % (rc, e))
    expect(["script", "--bogus", "x"], 2, r"^ffa-notify script: unknown option")
    expect(["script"], 2, r"^ffa-notify script: no script given")
    # Both spellings of a value, short options, and the order free.
    expect(["run", "--count=200", "--rate", "0", "--quiet", "--seed=0x10"], 0,
           out=r"result: nothing lost")
    expect(["run", "-q", "-n", "150", "-r", "0"], 0, out=r"result: nothing lost")


def case_help():
    o, _ = expect(["--version"], 0, out=r"^ffa-notify \d+\.\d+\.\d+$")
    for sub in (["run", "--version"], ["script", "--version"]):
        expect(sub, 0, out=r"^ffa-notify \d+\.\d+\.\d+$")
    o, _ = expect(["script", "--help"], 0, out=r"^usage: ffa-notify script")
    for want in ("Exit status", "expect", "hypervisor on|off", "--keep-going"):
        if want not in o:
            fail("script --help lacks %r" % want)
    o, _ = expect(["run", "--help"], 0, out=r"^usage: ffa-notify run")
    for word in ("coalesced", "discarded", "spurious"):
        if not re.search(r"^  %s +\S" % word, o, re.M):
            fail("run --help does not explain %r" % word)
    expect(["--help"], 0, out=r"^usage: ffa-notify COMMAND")


def case_inputs():
    expect(["script", TMP], 2, r"^ffa-notify script: .*: Is a directory$",
           no_out=True)
    expect(["run", TMP], 2, r"^ffa-notify run: .*: Is a directory$",
           no_out=True)
    expect(["script", os.path.join(TMP, "missing.ffa")], 2,
           r"^ffa-notify script: .*missing.ffa: No such file or directory$")
    expect(["run", os.path.join(TMP, "missing.scn")], 2,
           r"^ffa-notify run: .*missing.scn: No such file or directory$")
    if os.geteuid() != 0:  # root reads anything
        p = os.path.join(TMP, "unreadable.scn")
        with open(p, "w") as f:
            f.write("cpus 1\n")
        os.chmod(p, 0)
        expect(["run", p], 2, r"Permission denied")
    nul = os.path.join(TMP, "nul.ffa")
    with open(nul, "wb") as f:
        f.write(b"hypervisor off\nsp 0x8001\x00 this is cut\n")
    expect(["script", nul], 2, r"nul.ffa:2: error: NUL byte in the line")
    expect(["script", "-"], 2, r"^<stdin>:1: error: NUL byte",
           stdin=b"cpus\x002\n")
    scn = os.path.join(TMP, "nul.scn")
    with open(scn, "wb") as f:
        f.write(b"cpus 2\nsp 0x8001\nflow sp:0x8001 -> sp:0x8002\x00 id 1\n")
    expect(["run", scn], 2, r"nul.scn:3: error: NUL byte in the line",
           no_out=True)


def case_outputs():
    # A bad output path is refused before anything runs (no table).
    expect(["run", "--count", "10", "--trace", os.path.join(TMP, "no", "t.json")],
           2, r"^ffa-notify run: .*t.json: No such file or directory$",
           no_out=True)
    expect(["run", "--count", "10", "--svg", TMP], 2,
           r"^ffa-notify run: .*: Is a directory$", no_out=True)
    # A write that fails after the run is an error, not a note.
    if os.path.exists("/dev/full"):
        expect(["run", "--count", "100", "--quiet", "--trace", "/dev/full"],
               1, r"^ffa-notify run: cannot write /dev/full: No space left")
        expect(["run", "--count", "100", "--quiet", "--svg", "/dev/full"],
               1, r"^ffa-notify run: cannot write /dev/full: No space left")


def case_no_tty():
    o, e = expect(["run", "--count", "600", "--rate", "2000"], 0,
                  out=r"result: nothing lost")
    if "progress" in o:
        fail("progress on stdout without a TTY:\n" + o)
    if not re.search(r"^progress: +100% 600/600 sent", e, re.M):
        fail("no progress line on stderr: %r" % e)
    o, e = expect(["run", "--count", "300", "--quiet"], 0)
    if "progress" in e or "progress" in o:
        fail("--quiet still shows progress")


def pty_run(args, cols, columns_env=None):
    """Run with stderr on a pseudo-terminal of @cols columns (0: a
    terminal that does not know its size, and $COLUMNS @columns_env)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, cols, 0, 0))
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns_env is not None:
        env["COLUMNS"] = str(columns_env)
    p = subprocess.Popen([EXE] + args, stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    data = b""
    while True:
        r, _, _ = select.select([master], [], [], TIMEOUT)
        if not r:
            p.kill()
            fail("no output from the pty")
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the child closed the pty
            break
        if not chunk:
            break
        data += chunk
    out = p.stdout.read().decode()
    p.wait(TIMEOUT)
    os.close(master)
    return p.returncode, out, data.decode(errors="replace")


def case_tty_bar():
    # (window width, $COLUMNS, the width the bar must fit)
    for cols, env, width in ((12, None, 12), (30, None, 30), (61, None, 61),
                             (80, None, 80), (200, None, 200),
                             (0, 45, 45), (0, None, 80)):
        rc, out, err = pty_run(["run", "--count", "1500", "--rate", "3000"],
                               cols, env)
        cols = width
        if rc != 0:
            fail("exit %d at %d columns" % (rc, cols))
        if "progress" in out or "[" in out.split("\n\npath")[0][40:]:
            fail("progress on stdout")
        draws = [d for d in err.replace("\r\n", "\n").split("\r") if d]
        if len(draws) < 2:
            fail("the bar was not redrawn in place at %d columns: %r"
                 % (cols, err))
        for d in draws:
            vis = d.replace("\x1b[K", "").rstrip("\n")
            if "\n" in vis or len(vis) >= cols:
                fail("a redraw of %d characters at %d columns: %r"
                     % (len(vis), cols, d))
            if not d.rstrip("\n").endswith("\x1b[K"):
                fail("a redraw that does not erase the rest: %r" % d)
        if "100%" not in draws[-1]:
            fail("last redraw is not 100%%: %r" % draws[-1])
        if cols >= 61 and "[#" not in draws[-1]:
            fail("no bar at %d columns: %r" % (cols, draws[-1]))


def case_sigint():
    trace = os.path.join(TMP, "int.json")
    svg = os.path.join(TMP, "int.svg")
    for f in (trace, svg):
        if os.path.exists(f):
            os.remove(f)
    # Long enough never to finish on its own.
    p = subprocess.Popen([EXE, "run", "--count", "1000000000", "--rate",
                          "4000", "--trace", trace, "--svg", svg],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # The first progress line says the workers are sending.
    line = p.stderr.readline().decode()
    if not line.startswith("progress:"):
        p.kill()
        fail("expected a progress line first, got %r" % line)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=TIMEOUT)
    out, err = out.decode(), line + err.decode()
    if p.returncode != 130:
        fail("exit %d after SIGINT, expected 130\n%s\n%s"
             % (p.returncode, out, err))
    if not re.search(r"^total +\d+ +\d+", out, re.M):
        fail("no table after SIGINT:\n" + out)
    if not re.search(r"^interrupted: \d+ of 1000000000 SETs attempted", out,
                     re.M):
        fail("the table does not say interrupted:\n" + out)
    if "result (interrupted): nothing lost" not in out:
        fail("interrupted run lost notifications:\n" + out)
    m = re.search(r"^total +\d+ +(\d+) +(\d+) +(\d+) +(\d+) +(\d+)", out, re.M)
    sent, dlv, coal, disc, lost = map(int, m.groups())
    if sent == 0 or sent != dlv + coal + disc + lost:
        fail("counts do not add up: %s" % (m.groups(),))
    with open(trace) as f:
        evs = json.load(f)["traceEvents"]
    if not any(e.get("name") == "FFA_NOTIFICATION_SET" for e in evs):
        fail("the trace of the interrupted run has no SET")
    # Cut short, the trace still follows every rule (half-recorded flows
    # are dropped), and so does the diagram.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import check_trace
    check_trace.check_trace(trace, 4)
    check_trace.check_svg(svg)


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[2] not in CASES:
        fail("usage: check_cli.py FFA_NOTIFY CASE TMPDIR; cases: "
             + " ".join(sorted(CASES)))
    EXE, TMP = sys.argv[1], sys.argv[3]
    os.makedirs(TMP, exist_ok=True)
    CASES[sys.argv[2]]()
    print("check_cli: %s OK" % sys.argv[2])
