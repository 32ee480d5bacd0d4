#!/usr/bin/python3
"""readme_examples.py - regenerate (or check) every example output in README.md.

Three kinds of fenced block are generated, never pasted:
  - the Quick start block (its first line starts with "install-deps:"): the output of
    `.ci/install-deps && datasets/demo.sh`, stderr and stdout as a terminal shows them;
  - a block whose first line is "$ coauth ..." or "$ sqlite3 ..." (more "$ " lines
    may follow): each
    command is run with bash in a temporary directory where datasets/ is ours; a store made from
    datasets/demo/*.xml.gz, and its stdout replaces the lines after it;
  - a block whose first line is "usage: coauth CMD": `coauth CMD --help`.

usage: tests/readme_examples.py COAUTH [--check]
  COAUTH   the coauth binary to run (e.g. build/coauth)
  --check  print a diff and exit 1 if README.md is not what the commands print now
"""
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(cmd, cwd, env, merge_stderr=False, may_fail=False):
    p = subprocess.run(["bash", "-c", cmd], cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True)
    if p.returncode != 0 and not may_fail:
        sys.exit(f"readme_examples: '{cmd}' failed ({p.returncode}): {p.stderr or p.stdout}")
    return p.stdout


def blocks(text):
    """(start, end) offsets of the bodies of the fenced blocks without an info string;
    fences pair up in order, so a ```sh block's closing fence opens nothing."""
    fence, pos, opened = re.compile(r"^( *)```(\S*)[ \t]*$"), 0, None
    for line in text.splitlines(True):
        m = fence.match(line)
        if m:
            if opened is None:
                opened = (pos + len(line), m.group(2), m.group(1))
            elif m.group(1) == opened[2]:
                if opened[1] == "":
                    yield opened[0], pos, opened[2]
                opened = None
        pos += len(line)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    coauth = os.path.abspath(sys.argv[1])
    check = "--check" in sys.argv[2:]
    path = os.path.join(ROOT, "README.md")
    text = open(path, encoding="utf-8").read()
    with tempfile.TemporaryDirectory() as tmp:
        bindir = os.path.join(tmp, "bin")
        os.mkdir(bindir)
        os.symlink(coauth, os.path.join(bindir, "coauth"))
        env = dict(os.environ, PATH=bindir + os.pathsep + os.environ["PATH"], LC_ALL="C",
                   COLUMNS="80")
        env.pop("COAUTH_DB", None)
        # each "$ coauth" block runs in a fresh directory where datasets/ and tests/ are ours and
        # demo.db holds datasets/demo/*.xml.gz, unless the block's first command
        # ingests into demo.db itself
        demo = sorted(os.path.join(ROOT, "datasets", "demo", f)
                      for f in os.listdir(os.path.join(ROOT, "datasets", "demo"))
                      if f.endswith(".xml.gz"))
        demo_db = os.path.join(tmp, "demo.db")
        subprocess.run([coauth, "ingest", "-q", "-d", demo_db] + demo, check=True)
        n_dirs = 0
        out, pos = [], 0
        for start, end, indent in blocks(text):
            body = "".join(ln[len(indent):] for ln in text[start:end].splitlines(True))
            lines = body.split("\n")
            new = None
            if lines[0].startswith("install-deps:"):
                new = run(".ci/install-deps && datasets/demo.sh", ROOT, env, merge_stderr=True)
            elif lines[0].startswith(("$ coauth", "$ sqlite3")):
                n_dirs += 1
                wd = os.path.join(tmp, f"block{n_dirs}")
                os.mkdir(wd)
                for d in ("datasets", "tests"):
                    os.symlink(os.path.join(ROOT, d), os.path.join(wd, d))
                if not re.match(r"\$ coauth ingest .*demo\.db", lines[0]):  # makes it
                    shutil.copy(demo_db, os.path.join(wd, "demo.db"))
                new = ""
                for ln in lines:
                    if ln.startswith("$ "):
                        new += ln + "\n" + run(ln[2:], wd, env, True, True)
            elif re.match(r"usage: coauth [a-z]+", lines[0]):
                cmd = lines[0].split()[2]
                new = run(f"coauth {cmd} --help", tmp, env)
            if new is not None:
                out.append(text[pos:start])
                out.append("".join(indent + ln if ln.strip() else ln
                                   for ln in new.splitlines(True)))
                pos = end
        out.append(text[pos:])
    result = "".join(out)
    if result == text:
        return 0
    if check:
        sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), result.splitlines(True),
                                                   "README.md", "README.md (regenerated)"))
        print("readme_examples: README.md is stale; run tests/readme_examples.py build/coauth",
              file=sys.stderr)
        return 1
    open(path, "w", encoding="utf-8").write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
