"""`tidings eval`: code the texts of a gold file and score the events against its gold."""
from __future__ import annotations

import json
from collections.abc import Iterator

import click

from tidings.cli.code import load_coder
from tidings.cli.messages import fail, report
from tidings.cli.options import CoderFiles, coder_config, coder_options
from tidings.documents import read_documents
from tidings.evaluation import GoldFileError, format_report, load_gold, score
from tidings.output import open_output, write_records
from tidings.pipeline.coding import code_all


@click.command("eval")
@click.argument("gold", metavar="GOLD.jsonl", required=False)
@click.option("--pledges", "chains", metavar="FILE",
              help="Score pledges and their links on pledge chains (shared/eval/pledges/FORMAT.md) instead.")
@click.option("--doc-level", is_flag=True, help="Ignore sentences; count each text's events once per dyad and type.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--predictions", metavar="FILE", help="Also keep the coded events in FILE (JSON Lines).")
@click.option("--explain", is_flag=True,
              help="Also sort every gold event and false positive by cause (found, wrong actor or type, "
                   "trigger dropped and why, no trigger), with counts and a listing text by text.")
@coder_options
def eval_cli(gold: str | None, chains: str | None, doc_level: bool, as_json: bool, predictions: str | None,
             explain: bool, files: CoderFiles) -> None:
    """Score the coder on GOLD.jsonl: recall, precision and F1 at event, dyad and type level.

    The figures are those of shared/eval/score.py, in its format. With --pledges FILE: pledge
    recall and precision, `what` overlap, and link recall and precision by relation
    (tidings/pledge_evaluation.py).
    """
    if chains is not None:
        _pledges(chains, as_json, coder_config(files))
        return
    if gold is None:
        fail("give GOLD.jsonl to score events, or --pledges FILE to score pledges", 2)
    if explain:
        _explain(gold, doc_level, as_json, coder_config(files))
        return
    config = coder_config(files)
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


def _explain(gold: str, doc_level: bool, as_json: bool, config) -> None:
    """Scores as eval does, then prints the explainer's table and listing (tidings/explain.py)."""
    from tidings.documents import Document
    from tidings.explain import explain, format_explanation

    try:
        gold_rows = load_gold(gold)
    except GoldFileError as e:
        fail(str(e), 2)
    coder = load_coder(config)
    docs = [item for item in read_documents([gold]) if isinstance(item, Document)]
    works = list(coder.code_works(docs))
    result = score(gold_rows, [e.to_dict() for w in works for e in w.events], doc_level=doc_level)
    explanation = explain(gold_rows, works)
    if as_json:
        click.echo(json.dumps({"scores": result, "explanation": explanation.to_dict()}, indent=1))
    else:
        click.echo(format_report(result) + "\n\n" + format_explanation(explanation))


def _pledges(path: str, as_json: bool, config) -> None:
    """Codes the chains' articles into a scratch store, in order, and prints the pledge figures."""
    import tempfile

    from tidings.pledge_evaluation import ChainFileError, format_pledge_report, load_chains, score_pledges

    try:
        chains = load_chains(path)
    except (ChainFileError, OSError) as e:
        fail(str(e), 2)
    coder = load_coder(config)
    with tempfile.TemporaryDirectory() as scratch:
        result = score_pledges(chains, lambda docs: ((d, [e.to_dict() for e in ev]) for d, ev in coder.code_many(docs)),
                               f"{scratch}/pledges.duckdb")
    click.echo(json.dumps(result, indent=1) if as_json else format_pledge_report(result))
