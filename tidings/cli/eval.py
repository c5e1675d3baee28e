"""`tidings eval`: code the texts of a gold file and score the events against its gold."""
from __future__ import annotations

import json
from collections.abc import Iterator

import click

from tidings.cli.code import load_coder
from tidings.cli.messages import fail, report
from tidings.cli.options import coder_config, coder_options
from tidings.documents import read_documents
from tidings.evaluation import GoldFileError, format_report, load_gold, score
from tidings.output import open_output, write_records
from tidings.pipeline.coding import code_all


@click.command("eval")
@click.argument("gold", metavar="GOLD.jsonl")
@click.option("--doc-level", is_flag=True, help="Ignore sentences; count each text's events once per dyad and type.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--predictions", metavar="FILE", help="Also keep the coded events in FILE (JSON Lines).")
@coder_options
def eval_cli(gold: str, doc_level: bool, as_json: bool, predictions: str | None, actors: tuple[str, ...],
             patterns: str | None) -> None:
    """Score the coder on GOLD.jsonl: recall, precision and F1 at event, dyad and type level.

    The figures are those of shared/eval/score.py, in its format.
    """
    config = coder_config(actors, patterns)
    try:
        gold_rows = load_gold(gold)
    except GoldFileError as e:
        fail(str(e), 2)
    coder = load_coder(config)
    predicted: list[dict] = []

    def records() -> Iterator[dict]:
        for _, doc_records in code_all(coder, read_documents([gold]), report):
            predicted.extend(doc_records)
            yield from doc_records

    if predictions:
        try:
            with open_output(predictions) as out:
                write_records(records(), "jsonl", out)
        except OSError as e:
            fail(f"--predictions {predictions}: cannot write ({e.strerror or e})", 1)
    else:
        for _ in records():
            pass
    result = score(gold_rows, predicted, doc_level=doc_level)
    click.echo(json.dumps(result, indent=1) if as_json else format_report(result))
