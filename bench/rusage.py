#!/usr/bin/python3
"""bench/rusage.py - run a command; write "wall_s maxrss_kb cpu_s" to a file.

usage: bench/rusage.py OUTFILE CMD [ARG...]

Like `/usr/bin/time -f "%e %M"` plus user + system time, but to the microsecond
(GNU time prints hundredths, too coarse for a query of 0.04 s): the wall time from
just before the fork to the child's reaping (os.wait4), its peak RSS and its user +
system time from the same wait4. The command's output goes where this script's goes;
the exit status is the command's.
"""
import os
import sys
import time

if len(sys.argv) < 3:
    sys.stderr.write(__doc__)
    sys.exit(2)
out, cmd = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
pid = os.posix_spawnp(cmd[0], cmd, os.environ)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
with open(out, "w") as f:
    f.write("%.4f %d %.4f\n" % (wall, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))
sys.exit(os.waitstatus_to_exitcode(status))
