#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check the outputs of `ffa-notify run --trace T --svg S`.

The trace must be Chrome Trace Event JSON with a track per physical CPU,
per vCPU, for the SPMC and the mediator, and the calls and interrupts of a
notification's path; it must import into a trace viewer with no warning:
flows paired, starting before they finish, without arguments; every track
named; processes ordered sender -> SPMC -> CPUs -> mediator -> receivers.
The SVG must be well-formed with the six lanes, a legend, a time per row,
labels above their lines, FFA_MSG_WAIT drawn as the CPU handed back, and
lifelines that end at the last row.
"""
import json
import sys
import xml.dom.minidom


def fail(msg):
    print("check_trace: " + msg, file=sys.stderr)
    sys.exit(1)


def check_trace(path, cpus):
    with open(path) as f:
        doc = json.load(f)
    evs = doc.get("traceEvents")
    if not isinstance(evs, list) or not evs:
        fail("no traceEvents")
    procs = {e["pid"]: e["args"]["name"] for e in evs
             if e.get("ph") == "M" and e.get("name") == "process_name"}
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in evs
               if e.get("ph") == "M" and e.get("name") == "thread_name"}
    for want in ("physical CPUs", "SPMC", "mediator"):
        if want not in procs.values():
            fail("no process track %r (have %s)" % (want, sorted(procs.values())))
    names = set(threads.values())
    for c in range(cpus):
        if "cpu %d" % c not in names:
            fail("no track for cpu %d" % c)
    if not any(n.startswith("vm:2.0") for n in names):
        fail("no vCPU track for vm:2.0")
    if not any(n.startswith("sp:0x8001.0") for n in names):
        fail("no vCPU track for sp:0x8001.0")
    for e in evs:
        if e.get("ph") not in ("M", "X", "i", "s", "f"):
            fail("unexpected phase %r" % e.get("ph"))
        if e["ph"] == "X" and (e["dur"] < 0 or e["ts"] < 0):
            fail("negative time in %r" % e)
        if e["ph"] != "M" and (e["pid"], e["tid"]) not in threads:
            fail("event on an unnamed track: %r" % e)
    seen = {e["name"] for e in evs if e["ph"] in ("X", "i")}
    for want in ("FFA_NOTIFICATION_SET", "FFA_NOTIFICATION_GET",
                 "FFA_NOTIFICATION_INFO_GET_64", "FFA_RUN", "irq SRI",
                 "raise SRI", "inject", "pend NPI", "deliver",
                 "tasklet: INFO_GET_64 drain", "vNPI: GET",
                 "vSRI: INFO_GET loop"):
        if want not in seen:
            fail("no %r event in the trace" % want)
    # Flow arrows SET -> callback: every finish has its start, and each
    # end sits inside a slice of its track (Perfetto binds it there).
    slices = {}
    for e in evs:
        if e["ph"] == "X":
            slices.setdefault((e["pid"], e["tid"]), []).append(
                (e["ts"], e["ts"] + e["dur"]))
    # Every flow is one start and one finish, the start strictly earlier
    # (stamped before the SET, so before the receiver could take it), and
    # flow events carry no arguments (viewers merge a flow's arguments
    # across its phases and warn when they differ).
    flows = {}
    for e in evs:
        if e["ph"] in ("s", "f"):
            if "args" in e:
                fail("flow event with arguments: %r" % e)
            flows.setdefault(e["id"], {}).setdefault(e["ph"], []).append(e)
    if not flows:
        fail("no flow arrows")
    for fid, ph in flows.items():
        if len(ph.get("s", [])) != 1 or len(ph.get("f", [])) != 1:
            fail("flow %s is not one start and one finish: %r" % (fid, ph))
        st, fi = ph["s"][0], ph["f"][0]
        if fi.get("bp") != "e":
            fail("flow finish not bound to its enclosing slice: %r" % fi)
        if not st["ts"] < fi["ts"]:
            fail("flow %s finishes (%s) before it starts (%s)"
                 % (fid, fi["ts"], st["ts"]))
    # Arguments only where there is something to say.
    for e in evs:
        if e["ph"] != "M" and "args" in e and not any(e["args"].values()):
            fail("event with empty arguments: %r" % e)
    for e in evs:
        if e["ph"] in ("s", "f"):
            if not any(a <= e["ts"] <= b
                       for a, b in slices.get((e["pid"], e["tid"]), [])):
                fail("flow event outside any slice of its track: %r" % e)
    spmc = [p for p, n in procs.items() if n == "SPMC"][0]
    if not any(e["ph"] == "X" and e["pid"] == spmc for e in evs):
        fail("no call on the SPMC track")
    check_order(evs, procs, threads)
    # Every CPU the scenario declares carries traffic.
    cpus_pid = [p for p, n in procs.items() if n == "physical CPUs"][0]
    for c in range(cpus):
        tid = [t for (p, t), n in threads.items()
               if p == cpus_pid and n == "cpu %d" % c][0]
        if not any(e["ph"] == "X" and e["pid"] == cpus_pid and e["tid"] == tid
                   for e in evs):
            fail("the track of cpu %d is empty" % c)


def check_order(evs, procs, threads):
    """Sort indices: sender -> SPMC -> CPUs -> mediator -> receivers."""
    prank = {e["pid"]: e["args"]["sort_index"] for e in evs
             if e["ph"] == "M" and e["name"] == "process_sort_index"}
    trank = {(e["pid"], e["tid"]): e["args"]["sort_index"] for e in evs
             if e["ph"] == "M" and e["name"] == "thread_sort_index"}
    for p in procs:
        if p not in prank:
            fail("process %r has no process_sort_index" % procs[p])
    for t in threads:
        if t not in trank:
            fail("track %r has no thread_sort_index" % threads[t])
    fixed = {n: prank[p] for p, n in procs.items()
             if n in ("SPMC", "physical CPUs", "mediator")}
    if not fixed["SPMC"] < fixed["physical CPUs"] < fixed["mediator"]:
        fail("SPMC, physical CPUs, mediator out of order: %r" % fixed)
    doms = [p for p, n in procs.items() if n not in fixed]
    before = [p for p in doms if prank[p] < fixed["SPMC"]]
    after = [p for p in doms if prank[p] > fixed["mediator"]]
    if len(before) + len(after) != len(doms) or not before or not after:
        fail("VMs and SPs not split around the core: %r"
             % sorted((prank[p], procs[p]) for p in procs))
    sends = {e["pid"] for e in evs if e["ph"] == "X" and e["name"] == "send"}
    for p in before:
        if p not in sends:
            fail("%r is ordered as a sender but sends nothing" % procs[p])
    # Within a process, tracks by CPU or vCPU number; the toolstack last.
    for (p, t), n in threads.items():
        if n == "toolstack (main)" and any(
                trank[(p, t)] < r for (q, _), r in trank.items() if q == p
                and (q, _) != (p, t)):
            fail("toolstack track of %r is not last" % procs.get(p))


def texts(node):
    out = []
    for t in node.getElementsByTagName("text"):
        out.append("".join(c.data for c in t.childNodes
                           if c.nodeType == c.TEXT_NODE))
    return out


def check_svg(path):
    dom = xml.dom.minidom.parse(path)
    svg = dom.documentElement
    if svg.tagName != "svg":
        fail("root is not <svg>")
    lanes, lifeline_end = {}, 0
    for g in svg.getElementsByTagName("g"):
        if g.getAttribute("class") == "lane":
            lanes[g.getAttribute("id")] = texts(g)[0]
            line = g.getElementsByTagName("line")[0]
            lifeline_end = max(lifeline_end, float(line.getAttribute("y2")))
    order = [lanes.get("lane-%d" % i) for i in range(6)]
    want = ["sender", "SPMC", "SRI / CPU", "mediator", "scheduler VM",
            "receiver vCPU"]
    if order != want:
        fail("lanes %r, expected %r" % (order, want))
    groups, rows = {}, []
    for g in svg.getElementsByTagName("g"):
        cls = g.getAttribute("class")
        groups.setdefault(cls, []).append(" ".join(texts(g)))
        if cls in ("call", "ret", "irq", "virq", "handover"):
            line = g.getElementsByTagName("line")[0]
            y = float(line.getAttribute("y1"))
            ty = float(g.getElementsByTagName("text")[0].getAttribute("y"))
            # Above its line, clear of it (11 px text, 2 px descent).
            if not ty <= y - 4:
                fail("label %r is not above its line" % texts(g)[0])
            rows.append(y)
        elif cls == "note":
            rect = g.getElementsByTagName("rect")[0]
            rows.append(float(rect.getAttribute("y")) + 14)
    for cls in ("call", "ret", "irq", "virq", "handover", "note"):
        if not groups.get(cls):
            fail("no %s events in the diagram" % cls)
    calls = " | ".join(groups["call"])
    irqs = " | ".join(groups["irq"])
    virqs = " | ".join(groups["virq"])
    for want in ("FFA_NOTIFICATION_SET w1=", "FFA_NOTIFICATION_GET w1=",
                 "FFA_NOTIFICATION_INFO_GET_64", "FFA_RUN w1=",
                 "sri_irq -> schedule tasklet"):
        if want not in calls:
            fail("no call %r in the diagram" % want)
    if "SRI cpu:" not in irqs:
        fail("no physical SRI in the diagram")
    for want in ("vNPI (vSGI 8)", "vSRI (vSGI 9)", "NPI (vIRQ 5)"):
        if want not in virqs:
            fail("no virtual interrupt %r in the diagram" % want)
    if not any(n.startswith("callback: id") for n in groups["note"]):
        fail("no callback note")
    keys = " | ".join(groups.get("key", []))
    for want in ("call", "return", "interrupt", "virtual interrupt",
                 "CPU handed over"):
        if want not in keys:
            fail("the legend has no %r" % want)
    # The time column: one time per row.
    times = [t for t in svg.getElementsByTagName("text")
             if t.getAttribute("class") == "t"]
    if len(times) != len(rows):
        fail("%d times for %d rows" % (len(times), len(rows)))
    # FFA_MSG_WAIT gives the CPU back: never drawn returning to its caller.
    waiters = set()
    for g in svg.getElementsByTagName("g"):
        cls, label = g.getAttribute("class"), " ".join(texts(g))
        if cls == "call" and label == "FFA_MSG_WAIT":
            waiters.add(g.getAttribute("data-from"))
        if cls == "ret" and label.startswith("FFA_MSG_WAIT") and \
                g.getAttribute("data-from") == "1" and \
                g.getAttribute("data-to") in waiters:
            fail("FFA_MSG_WAIT drawn as a return to the SP that waits")
    if not any("back" in h for h in groups["handover"]):
        fail("no hand-back of the CPU")
    if lifeline_end > max(rows) + 20:
        fail("lifelines run %d px below the last row"
             % (lifeline_end - max(rows)))
    titles = [t for t in texts(svg) if t[:2] in ("1.", "2.", "3.")]
    if len(titles) < 3:
        fail("expected at least 3 deliveries, titles %r" % titles)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        fail("usage: check_trace.py TRACE.json DIAGRAM.svg CPUS")
    check_trace(sys.argv[1], int(sys.argv[3]))
    check_svg(sys.argv[2])
    print("check_trace: trace and diagram OK")
