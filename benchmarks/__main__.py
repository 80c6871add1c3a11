"""``python -m benchmarks``: the render-and-sign benchmark of the seed agreements (bin/bench sets it up).

Needs a database with the seeds loaded (``manage.py load_seeds`` and ``load_agreements``); prints a plain-text
table on stdout, or JSON with ``--json``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys


class _Once(logging.Filter):
    """Lets each distinct log message through once: WeasyPrint repeats its font warnings on every render."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message in self.seen:
            return False
        self.seen.add(message)
        return True


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("deve essere almeno 1")
    return number


def _ambito_size(value: str) -> int:
    number = int(value)
    if number < 3:
        raise argparse.ArgumentTypeError("un ambito di prova ha almeno 3 comuni (il capofila e due parti)")
    return number


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bin/bench",
        description="Tempi di impaginazione e firma di ogni accordo di esempio, come rapporto rispetto a "
        "un'impaginazione WeasyPrint essenziale dello stesso HTML misurata nella stessa esecuzione.",
    )
    parser.add_argument("--repeat", type=_positive, default=5, help="ripetizioni misurate (default 5)")
    parser.add_argument(
        "--signers",
        type=_positive,
        default=None,
        help="quante parti firmano in sequenza (default: tutte le parti firmatarie dell'accordo)",
    )
    parser.add_argument(
        "--agreement",
        action="append",
        dest="seeds",
        metavar="ATTO",
        help="atto di esempio da misurare (000, 001, 002; ripetibile; default: tutti)",
    )
    parser.add_argument(
        "--only",
        choices=["render", "writes", "voting", "budgets", "territory"],
        help="solo impaginazione e firma (render), le scritture nei due ambiti (writes), il voto dal vivo via HTTP "
        "(voting), bilanci e co-progettazione (budgets) o il profilo territoriale (territory); default: tutti",
    )
    parser.add_argument(
        "--sizes",
        type=_ambito_size,
        nargs=2,
        default=(5, 90),
        metavar=("PICCOLO", "GRANDE"),
        help="comuni dei due ambiti del benchmark delle scritture (default 5 90)",
    )
    parser.add_argument(
        "--agreements-per-ambito",
        type=_positive,
        default=2000,
        help="accordi in ciascun ambito del benchmark delle scritture (default 2000)",
    )
    parser.add_argument(
        "--voters",
        type=_positive,
        default=500,
        help="componenti che votano via HTTP nel benchmark del voto (default 500)",
    )
    parser.add_argument(
        "--spread", type=float, default=60.0, help="secondi in cui arrivano i voti (default 60)"
    )
    parser.add_argument("--json", action="store_true", help="stampa JSON invece della tabella")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    import django
    from django.apps import apps

    if not apps.ready:  # run as a command, not imported by a test
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
        django.setup()
        for handler in logging.getLogger().handlers:
            handler.addFilter(_Once())

    from benchmarks import budgets, render_sign, territory, voting, writes

    if args.only in (None, "render"):
        try:
            cases = render_sign.seed_cases(args.seeds or render_sign.SEEDS)
            result = render_sign.run(cases, repeat=args.repeat, signers=args.signers)
        except render_sign.BenchmarkError as error:
            print(f"ERRORE: {error}", file=sys.stderr)
            return 2
        print(render_sign.to_json(result) if args.json else render_sign.format_table(result))
    if args.only in (None, "writes"):
        if args.only is None and not args.json:
            print()
        measured = writes.run(
            sizes=tuple(args.sizes), agreements_count=args.agreements_per_ambito, repeat=args.repeat
        )
        print(writes.to_json(measured) if args.json else writes.format_table(measured))
    if args.only in (None, "voting"):
        if args.only is None and not args.json:
            print()
        try:
            live = voting.run(members=args.voters, spread=args.spread)
        except RuntimeError as error:
            print(f"ERRORE: {error}", file=sys.stderr)
            return 2
        print(voting.to_json(live) if args.json else voting.format_table(live))
    if args.only in (None, "budgets"):
        if args.only is None and not args.json:
            print()
        scaled = budgets.run(repeat=args.repeat)
        print(budgets.to_json(scaled) if args.json else budgets.format_table(scaled))
    if args.only in (None, "territory"):
        if args.only is None and not args.json:
            print()
        profile = territory.run(repeat=args.repeat)
        print(territory.to_json(profile) if args.json else territory.format_table(profile))
    return 0


if __name__ == "__main__":
    sys.exit(main())
