"""`tidings code`: read documents, code their events, write the records."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from tidings.cli.messages import fail, report
from tidings.cli.options import (CONFIG_ERRORS, check_date, coder_config, coder_options, config_problem,
                                 date_option, output_options)
from tidings.config import CoderConfig
from tidings.documents import read_documents
from tidings.output import open_output, write_records
from tidings.pipeline.coders import build_coder
from tidings.pipeline.coding import code_all

if TYPE_CHECKING:
    from tidings.coder import Coder


@click.command("code")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@date_option
@coder_options
@output_options
def code_cli(paths: tuple[str, ...], date: str | None, actors: tuple[str, ...], patterns: str | None, fmt: str,
             output: str) -> None:
    """Code the events of PATH... (.txt articles, .jsonl documents, folders, `-` for stdin).

    Writes one record per event. A document that cannot be read is reported on stderr as
    `tidings: FILE:LINE: reason` and the others go on.
    """
    check_date(date)
    coder = load_coder(coder_config(actors, patterns))
    documents = read_documents(paths, date=date)
    coded = 0

    def records() -> Iterator[dict]:
        nonlocal coded
        for _, doc_records in code_all(coder, documents, report):
            coded += 1
            yield from doc_records

    try:
        with open_output(output) as out:
            write_records(records(), fmt, out)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)
    if coded == 0:
        raise SystemExit(1)


def load_coder(config: CoderConfig) -> Coder:
    """Gives a ready Coder of `config`; ends the command (exit 2) when one of its files cannot be read."""
    try:
        return build_coder(config)
    except CONFIG_ERRORS as e:
        fail(config_problem(config, e), 2)
