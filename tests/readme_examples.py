#!/usr/bin/python3
"""readme_examples.py - regenerate (or check) every example output in README.md and docs/*.md,
and check that every relative link in them leads to a file (and heading) that exists.

Four kinds of fenced block are generated, never pasted:
  - the Quick start block (its first line starts with "install-deps:"): the output of
    `.ci/install-deps && datasets/demo.sh`, stderr and stdout as a terminal shows them;
  - a block whose first line starts with one of PROMPTS, "$ coauth ..." and the like (more "$ "
    lines may follow; a line ending in a backslash continues on the next, a here-document
    runs to its delimiter line): each command is run
    with bash in a temporary directory where datasets/ and tests/ are ours and demo.db is a
    store made from datasets/demo/*.xml.gz, and its stdout and stderr replace the lines after
    it; `$?` is the previous command's exit status;
  - a block whose first line is "usage: coauth CMD": `coauth CMD --help`;
  - the resolver's quality table (first line "file ... precision ..."):
    bench/resolve_quality.py on ../shared/data/affiliations, when that exists.

usage: tests/readme_examples.py COAUTH [--check]
  COAUTH   the coauth binary to run (e.g. build/coauth)
  --check  print a diff and exit 1 if a page is not what the commands print now
Dead relative links (a missing file, or a #heading the target page lacks) are an error in
both modes.
"""
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# the first lines of the blocks that are run (any other block is left as written)
PROMPTS = ("$ coauth", "$ sqlite3", "$ head -c", "$ echo", "$ printf", "$ cat", "$ cp")


def run(cmd, cwd, env, merge_stderr=False, may_fail=False, status=0):
    """stdout (and stderr) of bash -c CMD; with status, $? starts as that value."""
    p = subprocess.run(["bash", "-c", f"(exit {status}); {cmd}"], cwd=cwd, env=env,
                       stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True)
    if p.returncode != 0 and not may_fail:
        sys.exit(f"readme_examples: '{cmd}' failed ({p.returncode}): {p.stderr or p.stdout}")
    return p.stdout, p.returncode


def pages():
    return [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))


def slug(heading):
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def prose(text):
    """the lines of TEXT outside fenced blocks"""
    fenced = False
    for line in text.splitlines():
        if re.match(r"^ *```", line):
            fenced = not fenced
        elif not fenced:
            yield line


def anchors(path):
    return {slug(ln.lstrip("#")) for ln in prose(open(path, encoding="utf-8").read())
            if re.match(r"#+ ", ln)}


def dead_links(path):
    """'page: target' for every relative link of PATH whose file or #heading does not exist"""
    dead = []
    for line in prose(open(path, encoding="utf-8").read()):
        for target in re.findall(r"\]\(([^)\s]+)\)", re.sub(r"`[^`]*`", "", line)):
            if re.match(r"[a-z]+:", target):
                continue  # https:, mailto:
            file, _, anchor = target.partition("#")
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file)) if file else path
            if not os.path.exists(dest):
                dead.append(f"{os.path.relpath(path, ROOT)}: {target}")
            elif anchor and dest.endswith(".md") and anchor not in anchors(dest):
                dead.append(f"{os.path.relpath(path, ROOT)}: {target} (no such heading)")
    return dead


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
    dead = [d for page in pages() for d in dead_links(page)]
    if dead:
        print("readme_examples: dead relative links:\n  " + "\n  ".join(dead), file=sys.stderr)
        return 1
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
        stale = 0
        for path in pages():
            stale += regenerate(path, coauth, tmp, env, demo_db, check)
    if stale:
        print(f"readme_examples: {stale} page(s) stale; run tests/readme_examples.py build/coauth",
              file=sys.stderr)
        return 1
    return 0


def regenerate(path, coauth, tmp, env, demo_db, check):
    """rewrite PATH's generated blocks (or, with CHECK, diff them); 1 if PATH was stale"""
    text = open(path, encoding="utf-8").read()
    name = os.path.relpath(path, ROOT)
    out, pos = [], 0
    for start, end, indent in blocks(text):
        body = "".join(ln[len(indent):] for ln in text[start:end].splitlines(True))
        lines = body.split("\n")
        new = None
        if lines[0].startswith("install-deps:"):
            new = run(".ci/install-deps && datasets/demo.sh", ROOT, env, merge_stderr=True)[0]
        elif lines[0].startswith(PROMPTS):
            wd = tempfile.mkdtemp(prefix="block", dir=tmp)
            for d in ("datasets", "tests"):
                os.symlink(os.path.join(ROOT, d), os.path.join(wd, d))
            if not re.match(r"\$ coauth ingest .*demo\.db", lines[0]):  # makes it
                shutil.copy(demo_db, os.path.join(wd, "demo.db"))
            new, status, i = "", 0, 0
            while i < len(lines):
                if lines[i].startswith("$ "):
                    cmd = [lines[i]]
                    while cmd[-1].endswith("\\") and i + 1 < len(lines):
                        i += 1
                        cmd.append(lines[i])
                    here = re.search(r"<<-?'?(\w+)'?", cmd[-1])
                    while here and cmd[-1] != here.group(1) and i + 1 < len(lines):
                        i += 1  # a here-document: up to its delimiter line
                        cmd.append(lines[i])
                    cmd = "\n".join(cmd)
                    output, status = run(cmd[2:], wd, env, True, True, status)
                    new += cmd + "\n" + output
                i += 1
        elif lines[0].startswith("file ") and " precision " in lines[0]:
            data = os.path.join(ROOT, "..", "shared", "data", "affiliations")
            if os.path.isdir(data):  # else the block stays as it is (a bare clone)
                new = run(f"/usr/bin/python3 bench/resolve_quality.py --coauth '{coauth}' "
                          f"--data '{data}'", ROOT, env)[0]
                new = "".join(ln.rstrip() + "\n" for ln in new.splitlines())
        elif re.match(r"usage: coauth [a-z]+", lines[0]):
            cmd = lines[0].split()[2]
            new = run(f"coauth {cmd} --help", tmp, env)[0]
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
                                                   name, name + " (regenerated)"))
        return 1
    open(path, "w", encoding="utf-8").write(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
