"""`tidings code`: read documents, code their events, write the records."""
from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click

from tidings.cli.messages import fail
from tidings.cli.options import (CONFIG_ERRORS, check_date, coder_config, coder_options, config_problem,
                                 date_option, field_options, output_options)
from tidings.cli.progress import Progress, rate, undated_warning
from tidings.config import CoderConfig
from tidings.documents import Reject, read_documents
from tidings.inputs.rows import Fields
from tidings.nlp import ModelMissing
from tidings.output import open_output, write_records
from tidings.pipeline.coders import build_coder
from tidings.pipeline.coding import code_all

if TYPE_CHECKING:
    from tidings.coder import Coder


@click.command("code")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@date_option
@field_options
@coder_options
@output_options
def code_cli(paths: tuple[str, ...], date: str | None, fields: Fields, actors: tuple[str, ...], patterns: str | None,
             fmt: str, output: str) -> None:
    """Code the events of PATH... and write one record per event.

    PATH is a .txt article, a .jsonl file (a document a line), a .csv/.tsv or .parquet table (a
    document a row), any of these but Parquet gzip- or Zstandard-compressed (.gz, .zst), a folder
    of them, or `-` for stdin. A document that cannot be read is reported on stderr as
    `tidings: FILE:LINE: reason` and the others go on; the last line on stderr sums up the run.
    """
    check_date(date)
    coder = load_coder(coder_config(actors, patterns))
    started = time.perf_counter()
    counts = {"documents": 0, "events": 0, "rejects": 0, "undated": 0}
    with Progress(paths, "coding") as bar:
        def rejected(reject: Reject) -> None:
            counts["rejects"] += 1
            bar.write(f"tidings: {reject.message()}")
            bar.advance()

        def records() -> Iterator[dict]:
            for doc, doc_records in code_all(coder, read_documents(paths, date=date, fields=fields), rejected):
                counts["documents"] += 1
                counts["events"] += len(doc_records)
                if doc.date is None:
                    counts["undated"] += 1
                    bar.write(undated_warning(doc))
                bar.advance()
                yield from doc_records

        try:
            with open_output(output) as out:
                write_records(records(), fmt, out)
        except BrokenPipeError:
            raise  # the reader went away (`| head`): click exits quietly
        except OSError as e:
            fail(f"-o {output}: cannot write ({e.strerror or e})", 1)
    seconds = time.perf_counter() - started
    click.echo(f"tidings: coded {counts['documents']} documents, {counts['events']} events, {counts['rejects']} "
               f"rejects, {counts['undated']} undated in {seconds:.1f} s ({rate(counts['documents'], seconds)})",
               err=True)
    if counts["documents"] == 0:
        raise SystemExit(1)


def load_coder(config: CoderConfig) -> Coder:
    """Gives a ready Coder of `config`; ends the command when one of its files cannot be read (exit 2)
    or there is no model (exit 1, with the command that installs it)."""
    try:
        return build_coder(config)
    except CONFIG_ERRORS as e:
        fail(config_problem(config, e), 2)
    except ModelMissing as e:
        fail(str(e), 1)
