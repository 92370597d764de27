#!/usr/bin/env python3
"""bench/perf_stages.py: where `fte serve`'s CPU samples go, by stage of a ticket (issue 18, round 15).

Reads `perf script` output of a `perf record -F 999 -g --call-graph dwarf,16384 -p PID` taken on
`fte serve` under load (e.g. bench_reply_latency at 1,000/s) and puts each sample under the first
stage whose frame is on its stack, in the order below (the agent's run before the writer, since a
lane's commit waits in the writer's code; the HTTP stage last, since asio frames are everywhere).
Prints each stage's share of all samples; with -v the leaf functions of each stage too. A sample of
the kernel counts where its user-space stack was (a `pread` of the history read is agent.inputs).

    perf script -i perf.data > stacks.txt; python3 bench/perf_stages.py [-v] < stacks.txt
"""
import collections
import re
import sys

STAGES = [
    ("agent.run", "SupportAgent::run"),
    ("agent.inputs (history read)", "agent_run_inputs"),
    ("agent.parse (ticket event)", "agent_request_from_json"),
    # Operation bodies run on the writer thread inside a std::function named after the store call
    # that queued them: matched by the body's own function first.
    ("writer: the outcome's body", "agent_outcome_in_tx"),
    ("writer: the delivery's body", "call_gathered<fte::sqlite::SqliteStore::deliver_without_provider"),
    ("writer: the intake's body", "ingest_in_tx"),
    ("agent.commit_outcome (lane: build, wait)", "commit_agent_outcome"),
    ("agent.other", "AgentWorker::handle"),
    ("delivery (lane: its write's wait)", "deliver_without_provider"),
    ("delivery.other", "DeliveryWorker::handle"),
    ("writer.after_batch (WAL catch-up)", "after_batch"),
    ("writer: BEGIN, COMMIT, other bodies", "GroupCommitWriter::try_batch"),
    ("writer.completions and hand-offs", "GroupCommitWriter::run_batch"),
    ("writer.waits", "GroupCommitWriter::loop"),
    ("checkpointer", "Checkpointer::loop"),
    ("bus", "LocalBus"),
    ("http", "http::"),
]
FRAME = re.compile(r"\s+[0-9a-f]+\s+(.*)\s+\((.*)\)$")


def main():
    verbose = "-v" in sys.argv
    counts, leaves = collections.Counter(), collections.defaultdict(collections.Counter)
    total = 0
    stack = []

    def flush():
        nonlocal total
        if not stack:
            return
        total += 1
        stage = next((name for name, pat in STAGES if any(pat in f for f in stack)), "other")
        counts[stage] += 1
        leaves[stage][re.sub(r"\+0x[0-9a-f]+$", "", stack[0])[:100]] += 1

    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            stack = []
        elif not line.startswith((" ", "\t")):
            stack = []  # a sample's header line
        elif m := FRAME.match(line):
            stack.append(m.group(1))
    flush()
    for stage, n in counts.most_common():
        print(f"{stage:42s} {100 * n / total:5.1f} %")
        if verbose:
            for leaf, m in leaves[stage].most_common(6):
                print(f"      {100 * m / total:5.2f} %  {leaf}")
    print(f"{total} samples")


if __name__ == "__main__":
    main()
