#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""The machine instructions one function executed, per call.

    asmprof.py CALLGRIND_OUT BINARY FUNCTION [K]

CALLGRIND_OUT is a dump of a run with --dump-instr=yes (bench/profile.sh
--asm makes one, collected inside the measured calls only); every count
is divided by K, the number of measured calls in the dump (2,000). Prints
FUNCTION's disassembly (objdump -d) with, on each instruction that ran,
how many times per call, and under each call instruction the callee's
inclusive cost. Instructions that never ran are left out, so what is
printed is the path the call took, in address order; the last line is
the function's own instructions per call.
"""
import re
import subprocess
import sys


def parse(path, func):
    """Self cost per address of FUNC, and inclusive cost of its calls."""
    names, own, calls = {}, {}, {}
    fn = cfn = None
    last = [0, 0]
    after_calls = False
    for line in open(path):
        line = line.rstrip("\n")
        m = re.match(r"^(c?fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3):
                names[m.group(2)] = m.group(3)
            if m.group(1) == "fn":
                fn = names.get(m.group(2))
            else:
                cfn = names.get(m.group(2))
            continue
        if line.startswith("calls="):
            # The next position line is the call's inclusive cost.
            after_calls = True
            continue
        if not line or line[0] not in "0123456789+-*":
            continue
        toks = line.split()
        for i, tok in enumerate(toks[:2]):
            if tok == "*":
                continue
            if tok[0] in "+-":
                last[i] += int(tok, 0)
            else:
                last[i] = int(tok, 0)
        cost = int(toks[2]) if len(toks) > 2 else 0
        if fn != func:
            after_calls = False
            continue
        if after_calls:
            calls.setdefault(last[0], []).append((cfn, cost))
            after_calls = False
        else:
            own[last[0]] = own.get(last[0], 0) + cost
    return own, calls


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    dump, binary, func = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    own, calls = parse(dump, func)
    dis = subprocess.run(["objdump", "-d", "--no-show-raw-insn", binary],
                         capture_output=True, text=True, check=True).stdout
    inside = False
    total = 0.0
    for line in dis.splitlines():
        if line.endswith("<%s>:" % func):
            inside = True
            print("%s:" % func)
            continue
        if not inside:
            continue
        if not line.strip():
            break
        m = re.match(r"^\s*([0-9a-f]+):\s*(.*)$", line)
        if not m:
            continue
        addr = int(m.group(1), 16)
        if addr not in own and addr not in calls:
            continue
        n = own.get(addr, 0) / k
        total += n
        print("%7.2f  %s" % (n, m.group(2).replace("\t", " ")))
        for callee, cost in calls.get(addr, []):
            print("         => %s: %.1f" % (callee, cost / k))
    if not inside:
        sys.exit("asmprof.py: no function %s in %s" % (func, binary))
    print("%7.1f  own instructions per call" % total)


if __name__ == "__main__":
    main()
