"""How a command speaks to its user: one line on stderr, `tidings: ...`, and an exit code."""
from __future__ import annotations

from typing import NoReturn

import click

from tidings.documents import Reject, printable


def fail(message: str, exit_code: int) -> NoReturn:
    """Ends the command with one line on stderr and `exit_code` (a line break in a file name written `\\n`)."""
    click.echo(f"tidings: {printable(message)}", err=True)
    raise SystemExit(exit_code)


def say(message: str) -> None:
    """Writes `message` as one line on stderr, `tidings: ...`, a line break or other control
    character in a file name or text the user gave written as an escape (`\\n`)."""
    click.echo(f"tidings: {printable(message)}", err=True)


def report(reject: Reject) -> None:
    """Writes the one-line message of a Reject to stderr."""
    click.echo(f"tidings: {reject.message()}", err=True)


def first_line(error: BaseException) -> str:
    """Gives the first line of an error's message (DuckDB's run on for several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
