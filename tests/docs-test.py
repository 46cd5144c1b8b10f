#!/usr/bin/python3
"""The docs test: every command the Markdown docs show is run, and its output
and exit status must be what the docs show, so the docs cannot drift from the
code.

    python3 tests/docs-test.py [FILE.md ...]

With no FILE, it reads README.md, SECURITY.md, HACKING.md, docs/*.md and the
EXAMPLE(S) of the man pages in man/ (there an .EX block whose first line starts
with "$ " is run, in the same form, with build/ first in PATH so that
`preseal` is the built command).

What is run: each ```sh fenced block (indented ones too, in a list).  In it, a line starting with "$ " is a
command; a command line ending in "\\" goes on on the next line, and a
command with a here-document (<<'WORD' or <<WORD) takes the lines up to WORD.
The lines after a command, up to the next command or the end of the block,
are its exact output (standard output and standard error together, as a
terminal shows them), possibly none, and then optionally "[exit N]": the
exit status, 0 when absent.  In an output line "..." stands for any text,
and a line that is only "..." for any number of lines.  ```text blocks (and
any other) are not run.

How: from the repository root after `make`, each file in a scratch folder of
its own that holds a symlink to every top-level entry of the repository (so
`build/preseal` and `$PWD/build/libpreseal.so` work, and whatever a command
writes lands in the scratch folder), in a fresh environment: HOME in the
folder, LC_ALL=C, Debian's PATH, and nothing of the caller's environment, standard input /dev/null, by /bin/sh -c.
The commands of one file run in order and share the folder, so a walk-through
builds on its earlier steps.  Exit status 1 when any command differs.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 300
# Debian's own, so that the programs the docs run are the system's (not a
# version manager's wrappers that a developer's PATH may put first).
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
EXIT_LINE = re.compile(r"^\[exit (\d+)\]$")
HEREDOC = re.compile(r"<<-?\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\1")


class Example:
    def __init__(self, path, line, command):
        self.path, self.line, self.command = path, line, command
        self.expected, self.status = [], 0


def parse(path):
    """The commands of a Markdown file's ```sh blocks, or raises ValueError."""
    shown = os.path.relpath(path, TOP)
    examples, lines = [], open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```sh":
            i += 1
            continue
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        start, i = i + 1, i + 1
        while i < len(lines) and lines[i].strip() != "```":
            i += 1
        if i >= len(lines):
            raise ValueError(f"{shown}:{start}: a ```sh block is not closed")
        block = [(number + 1, line[len(indent):] if line.startswith(indent) else line)
                 for number, line in enumerate(lines[start:i], start)]
        examples += parse_block(shown, block)
        i += 1
    return examples


ROFF = [("\\-", "-"), ("\\(aq", "'"), ("\\(dq", '"'), ("\\(em", "\u2014"), ("\\&", ""),
        ("\\e", "\\")]


def parse_man(path):
    """The commands of the .EX blocks that start with "$ " in a man page's
    EXAMPLE or EXAMPLES section, in the same form as a ```sh block."""
    shown = os.path.relpath(path, TOP)
    examples, section, block = [], None, None
    for number, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        if line.startswith(".SH "):
            section = line[4:].strip().strip('"')
        elif section not in ("EXAMPLE", "EXAMPLES"):
            continue
        elif line.startswith(".EX"):
            block = []
        elif line.startswith(".EE"):
            if block and block[0][1].startswith("$ "):
                examples += parse_block(shown, block)
            block = None
        elif block is not None:
            for roff, text in ROFF:
                line = line.replace(roff, text)
            block.append((number, line))
    return examples


def parse_block(shown, block):
    """The commands of one block of (line number, text)."""
    examples, current, i = [], None, 0
    while i < len(block):
        number, line = block[i]
        if line.startswith("$ "):
            current = Example(shown, number, line[2:])
            while current.command.endswith("\\") and i + 1 < len(block):
                i += 1
                current.command += "\n" + block[i][1].strip()
            heredoc = HEREDOC.search(current.command)
            if heredoc:
                word = heredoc.group(2)
                while True:
                    i += 1
                    if i >= len(block):
                        raise ValueError(f"{shown}:{number}: here-document without {word}")
                    current.command += "\n" + block[i][1]
                    if block[i][1] == word:
                        break
            examples.append(current)
        elif current is None:
            raise ValueError(f"{shown}:{number}: a ```sh block must start with a \"$ \" command line"
                             " (use ```text for what is not run)")
        elif current.expected and EXIT_LINE.match(current.expected[-1]):
            raise ValueError(f"{shown}:{number}: output after the [exit N] line")
        else:
            current.expected.append(line)
        i += 1
    for example in examples:
        if example.expected and EXIT_LINE.match(example.expected[-1]):
            example.status = int(EXIT_LINE.match(example.expected.pop()).group(1))
    return examples


def line_matches(pattern, line):
    if "..." not in pattern:
        return pattern == line
    parts = [re.escape(part) for part in pattern.split("...")]
    return re.fullmatch(".*".join(parts), line, re.DOTALL) is not None


def matches(patterns, lines):
    """Whether LINES are what PATTERNS show ("..." alone: any lines)."""
    if not patterns:
        return not lines
    if patterns[0] == "...":
        return any(matches(patterns[1:], lines[k:]) for k in range(len(lines) + 1))
    return bool(lines) and line_matches(patterns[0], lines[0]) and matches(patterns[1:], lines[1:])


def scratch_folder():
    folder = tempfile.mkdtemp(prefix="preseal-docs-")
    for name in os.listdir(TOP):
        if name != ".git":
            os.symlink(os.path.join(TOP, name), os.path.join(folder, name))
    os.mkdir(os.path.join(folder, ".home"), 0o700)
    return folder


def environment(folder, man_page):
    """A fresh machine's: nothing of the caller's environment (a developer's
    PYTHONUNBUFFERED would change what a killed python3 prints)."""
    env = {"HOME": os.path.join(folder, ".home"), "LC_ALL": "C", "LANG": "C", "PWD": folder,
           "PATH": PATH, "SHELL": "/bin/sh", "TERM": "dumb"}
    for name in ("USER", "LOGNAME"):
        if name in os.environ:
            env[name] = os.environ[name]
    if man_page:
        # A man page shows the installed command, `preseal`.
        env["PATH"] = os.path.join(folder, "build") + ":" + PATH
    return env


def run_file(path):
    """Runs one file's commands; returns (commands run, failures)."""
    man_page = not path.endswith(".md")
    examples = parse_man(path) if man_page else parse(path)
    if not examples:
        return 0, 0
    folder = scratch_folder()
    failures = 0
    try:
        env = environment(folder, man_page)
        for example in examples:
            try:
                result = subprocess.run(["/bin/sh", "-c", example.command], cwd=folder, env=env,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, timeout=TIMEOUT)
                output, status = result.stdout.decode("utf-8", "replace"), result.returncode
            except subprocess.TimeoutExpired:
                output, status = f"(no end within {TIMEOUT} s)\n", None
            lines = output.split("\n")
            if lines and lines[-1] == "":
                lines.pop()
            if status == example.status and matches(example.expected, lines):
                continue
            failures += 1
            print(f"{example.path}:{example.line}: the output or status differs from the docs:")
            print("  $ " + example.command.replace("\n", "\n    "))
            print("  shown:")
            for line in example.expected + ([f"[exit {example.status}]"] if example.status else []):
                print("    " + line)
            print("  got:")
            for line in lines + ([f"[exit {status}]"] if status != 0 else []):
                print("    " + line)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return len(examples), failures


def main(argv):
    os.chdir(TOP)
    if len(argv) > 1:
        files = [os.path.abspath(name) for name in argv[1:]]
    else:
        files = [os.path.join(TOP, name) for name in ("README.md", "SECURITY.md", "HACKING.md")]
        for folder, suffixes in (("docs", (".md",)), ("man", (".1", ".5"))):
            folder = os.path.join(TOP, folder)
            if os.path.isdir(folder):
                files += sorted(os.path.join(folder, name) for name in os.listdir(folder)
                                if name.endswith(suffixes))
    for needed in ("build/preseal", "build/libpreseal.so"):
        if not os.path.exists(os.path.join(TOP, needed)):
            print(f"docs test: {needed} is missing: run make first")
            return 1
    total = failed = 0
    for path in files:
        if not os.path.exists(path):
            continue
        try:
            count, failures = run_file(path)
        except ValueError as error:
            print(f"docs test: {error}")
            return 1
        total += count
        failed += failures
    if failed:
        print(f"docs test: {failed} of {total} commands in the docs do not do what the docs show")
        return 1
    print(f"docs test: {total} commands in {len(files)} files, each as the docs show it")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
