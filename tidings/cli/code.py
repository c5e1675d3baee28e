"""`tidings code`: read documents, code their events, write the records."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tidings.cli.messages import fail, report
from tidings.cli.options import (CONFIG_ERRORS, check_date, coder_config, coder_options, config_problem,
                                 dask_option, date_option, output_options)
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
@dask_option
@output_options(parquet=True)
def code_cli(paths: tuple[str, ...], date: str | None, actors: tuple[str, ...], patterns: str | None,
             dask_address: str | None, fmt: str, output: str) -> None:
    """Code the events of PATH... (.txt articles, .jsonl documents, folders, `-` for stdin).

    Writes one record per event. A document that cannot be read is reported on stderr as
    `tidings: FILE:LINE: reason` and the others go on. With --dask, PATH... may also be globs and
    fsspec URLs (s3://...), read by the cluster's workers.
    """
    check_date(date)
    if fmt == "parquet" and dask_address is None:
        fail("--format parquet writes a cluster's partitions: give --dask too (local:1 codes on this machine)", 2)
    config = coder_config(actors, patterns)
    if dask_address is not None:
        coded = _code_on_cluster(paths, date, config, dask_address, fmt, output)
    else:
        coded = _code_here(paths, date, config, fmt, output)
    if coded == 0:
        raise SystemExit(1)


def _code_here(paths: tuple[str, ...], date: str | None, config: CoderConfig, fmt: str, output: str) -> int:
    """Codes in this process; gives the number of documents coded."""
    coder = load_coder(config)
    documents = read_documents(paths, date=date)
    coded = 0

    def records() -> Iterator[dict]:
        nonlocal coded
        for _, doc_records in code_all(coder, documents, report):
            coded += 1
            yield from doc_records

    _write(records(), fmt, output)
    return coded


def _write(records: Iterator[dict], fmt: str, output: str) -> None:
    try:
        with open_output(output) as out:
            write_records(records, fmt, out)
    except BrokenPipeError:
        raise  # the reader went away (`| head`): click exits quietly
    except OSError as e:
        fail(f"-o {output}: cannot write ({e.strerror or e})", 1)


def _code_on_cluster(paths: tuple[str, ...], date: str | None, config: CoderConfig, address: str, fmt: str,
                     output: str) -> int:
    """Codes on the Dask cluster of `address`; gives the number of documents coded."""
    try:
        from tidings.pipeline import dask_bag
        from tidings.pipeline.dask_workers import DaskAddressError, IngestError, check_address, dask_client
    except ImportError:
        fail("--dask needs the dask extra: pip install 'tidings[dask]'", 2)
    try:
        check_address(address)
    except DaskAddressError as e:
        fail(str(e), 2)
    if "-" in paths:
        fail("--dask: standard input cannot be read on a cluster; give files, folders or URLs", 2)
    folder = Path(output) if fmt == "parquet" else None
    if folder is not None:
        _check_folder(folder, output)
    coded = 0

    def counted(records: list[dict]) -> Iterator[dict]:
        nonlocal coded
        for record in records:
            if "reject" in record:
                report(dask_bag.reject_of(record))
            else:
                coded += 1
                yield record

    try:
        with dask_client(address) as client:
            bag = dask_bag.code_bag(dask_bag.read_bag(list(paths), date), config)
            if folder is not None:
                _write_parts(dask_bag.records_as_done(client, bag), folder, config, counted)
            else:
                _write((event for part in dask_bag.records_in_order(client, bag)
                        for record in counted(part) for event in record["events"]), fmt, output)
    except IngestError as e:
        fail(str(e), 1)
    except (ImportError, OSError) as e:
        fail(f"--dask {address}: {e}", 1)
    return coded


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
    """Gives a ready Coder of `config`; ends the command (exit 2) when one of its files cannot be read."""
    try:
        return build_coder(config)
    except CONFIG_ERRORS as e:
        fail(config_problem(config, e), 2)
