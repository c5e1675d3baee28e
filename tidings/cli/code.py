"""`tidings code`: read documents, code their events, write the records."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tidings.cli.messages import fail
from tidings.cli.options import (CONFIG_ERRORS, check_dask_address, check_date, CoderFiles, coder_config, coder_options,
                                 config_problem, dask_option, date_option, field_options, output_options)
from tidings.cli.progress import Progress, rate, undated_warning
from tidings.config import CoderConfig
from tidings.documents import Document, Reject, read_documents
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
@dask_option
@output_options(parquet=True)
def code_cli(paths: tuple[str, ...], date: str | None, fields: Fields, files: CoderFiles,
             dask_address: str | None, fmt: str, output: str) -> None:
    """Code the events of PATH... and write one record per event.

    PATH is a .txt article, a .jsonl file (a document a line), a .csv/.tsv or .parquet table (a
    document a row), any of these but Parquet gzip- or Zstandard-compressed (.gz, .zst), a folder
    of them, or `-` for stdin. A document that cannot be read is reported on stderr as
    `tidings: FILE:LINE: reason` and the others go on; the last line on stderr sums up the run.
    With --dask, PATH... may also be globs and fsspec URLs (s3://...), read by the cluster's workers.
    """
    check_date(date)
    if fmt == "parquet" and dask_address is None:
        fail("--format parquet writes a cluster's partitions: give --dask too (local:1 codes on this machine)", 2)
    config = coder_config(files)
    if dask_address is not None:
        _check_cluster_run(paths, dask_address, fmt, output)  # before any counting for the bar
    coder = load_coder(config) if dask_address is None else None
    started = time.perf_counter()
    with Progress(paths, "coding") as bar:
        tally = _Tally(bar)
        if dask_address is not None:
            _code_on_cluster(paths, date, fields, config, dask_address, fmt, output, tally)
        else:
            _write((record for doc, doc_records in code_all(coder, read_documents(paths, date=date, fields=fields),
                                                             tally.rejected)
                    for record in tally.coded(doc, doc_records)), fmt, output)
    seconds = time.perf_counter() - started
    counts = tally.counts
    click.echo(f"tidings: coded {counts['documents']} documents, {counts['events']} events, {counts['rejects']} "
               f"rejects, {counts['undated']} undated in {seconds:.1f} s ({rate(counts['documents'], seconds)})",
               err=True)
    if counts["documents"] == 0:
        raise SystemExit(1)


class _Tally:
    """What a run has coded and refused, for the summary line; each told on the progress bar as it comes."""

    def __init__(self, bar: Progress):
        self.bar = bar
        self.counts = {"documents": 0, "events": 0, "rejects": 0, "undated": 0}

    def rejected(self, reject: Reject) -> None:
        self.counts["rejects"] += 1
        self.bar.write(f"tidings: {reject.message()}")
        self.bar.advance()

    def coded(self, doc: Document, records: list[dict]) -> list[dict]:
        """Counts a coded document and gives its records."""
        self.counts["documents"] += 1
        self.counts["events"] += len(records)
        if doc.date is None:
            self.counts["undated"] += 1
            self.bar.write(undated_warning(doc))
        self.bar.advance()
        return records


def _write(records: Iterator[dict], fmt: str, output: str) -> None:
    try:
        with open_output(output) as out:
            write_records(records, fmt, out)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)


def _check_cluster_run(paths: tuple[str, ...], address: str, fmt: str, output: str) -> None:
    """Ends the command (exit 2) when a --dask run cannot start: no dask, a bad address, stdin, a bad folder."""
    check_dask_address(address)
    if "-" in paths:
        fail("--dask: standard input cannot be read on a cluster; give files, folders or URLs", 2)
    if fmt == "parquet":
        _check_folder(Path(output), output)


def _code_on_cluster(paths: tuple[str, ...], date: str | None, fields: Fields, config: CoderConfig, address: str,
                     fmt: str, output: str, tally: _Tally) -> None:
    """Codes on the Dask cluster of `address`, each coded document and reject told to `tally`."""
    from tidings.pipeline import dask_bag
    from tidings.pipeline.dask_workers import IngestError, dask_client

    folder = Path(output) if fmt == "parquet" else None

    def counted(records: list[dict]) -> Iterator[dict]:
        for record in records:
            if "reject" in record:
                tally.rejected(dask_bag.reject_of(record))
            else:
                tally.coded(dask_bag.document_of(record), record["events"])
                yield record

    try:
        with dask_client(address) as client:
            bag = dask_bag.code_bag(dask_bag.read_bag(list(paths), date, fields=fields), config)
            if folder is not None:
                _write_parts(dask_bag.records_as_done(client, bag), folder, config, counted)
            else:
                _write((event for part in dask_bag.records_in_order(client, bag)
                        for record in counted(part) for event in record["events"]), fmt, output)
    except IngestError as e:
        fail(str(e), 1)
    except (ImportError, OSError) as e:
        fail(f"--dask {address}: {e}", 1)


def _check_folder(folder: Path, output: str) -> None:
    if output == "-":
        fail("--format parquet: give the folder to write with -o DIR", 2)
    if folder.exists() and (not folder.is_dir() or any(folder.glob("*.parquet"))):
        fail(f"-o {output}: {'not a folder' if not folder.is_dir() else 'holds Parquet files already'}; "
             f"give a new or empty folder", 2)
    folder.mkdir(parents=True, exist_ok=True)


def _write_parts(parts: Iterator[tuple[int, list[dict]]], folder: Path, config: CoderConfig, counted) -> None:
    """Writes each coded partition, as it comes, to its own Parquet file of `folder`."""
    from tidings.pipeline import dask_bag
    from tidings.pipeline.coded_files import write_coded

    version, config_json = config.version(), json.dumps(config.to_dict(), ensure_ascii=False)
    for n, records in parts:
        kept = list(counted(records))  # rejects are told here, and kept in the file too
        items = [(dask_bag.document_of(r), r["events"]) for r in kept]
        items += [dask_bag.reject_of(r) for r in records if "reject" in r]
        write_coded(folder / f"part-{n:05d}.parquet", items, version, config_json)


def load_coder(config: CoderConfig) -> Coder:
    """Gives a ready Coder of `config`; ends the command when one of its files cannot be read (exit 2)
    or there is no model (exit 1, with the command that installs it)."""
    try:
        return build_coder(config)
    except CONFIG_ERRORS as e:
        fail(config_problem(config, e), 2)
    except ModelMissing as e:
        fail(str(e), 1)
