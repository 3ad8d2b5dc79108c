"""Load benchmark of the Telegram bot: many chats against the fake Bot API server.

    python -m benchmarks.load [--chats 1000] [--questions 5] [--rate 0] [--fault-rate 0.1]
                              [--fault-mode random|periodic] [--fault-repeats] [--seed N]
                              [--json PATH]

The real Application (AIORateLimiter, long polling, the real core over the bundled seeds)
serves simulated private chats that each send ``--questions`` distinct questions; the run
reports how many were answered, lost and duplicated, the reply latency (p50/p99: from the
update being available to getUpdates to its sendMessage reaching the server) and the wall
time. ``--rate`` makes the questions arrive at that many a second instead of all at once;
``--fault-rate`` fails that share of getUpdates/sendMessage/sendChatAction requests with 429,
500 or a hung connection (each request at most once unless ``--fault-repeats``). Exit status 1
when a question was not answered exactly once.

The driver is ``tests/loaddriver.py``, shared with ``tests/test_telegram_load.py``: it is built
on the fake server (``tests/fakebotapi.py``) and the test fixtures, which are test code, so this
script puts ``tests/`` on ``sys.path`` itself rather than the driver being copied or moved into
the package. It needs the test extras (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

TESTS = Path(__file__).resolve().parent.parent / "tests"


def driver() -> ModuleType:
    """``tests/loaddriver.py``, importable once ``tests/`` is on the path."""
    if str(TESTS) not in sys.path:
        sys.path.insert(0, str(TESTS))
    import loaddriver

    return loaddriver


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=1000, help="simulated private chats")
    parser.add_argument("--questions", type=int, default=5, help="distinct questions per chat")
    parser.add_argument(
        "--rate", type=float, default=0.0, help="questions made available a second (0: all at once)"
    )
    parser.add_argument("--fault-rate", type=float, default=0.0, help="share of requests failed")
    parser.add_argument("--fault-mode", choices=("random", "periodic"), default="random")
    parser.add_argument(
        "--fault-repeats", action="store_true", help="a retried request may fail again"
    )
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--json", help="add the figures to this JSON file (or $QABOT_LOAD_REPORT)")
    parser.add_argument("--name", default=None, help="the run's key in the JSON file")
    parser.add_argument("-v", "--verbose", action="store_true", help="the bot's INFO logs")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.ERROR,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    load = driver()
    spec = load.LoadSpec(
        chats=args.chats,
        questions=args.questions,
        rate=args.rate,
        fault_rate=args.fault_rate,
        fault_mode=args.fault_mode,
        fault_repeats=args.fault_repeats,
        seed=args.seed,
    )
    run = asyncio.run(load.run_load(spec))
    name = args.name or (
        f"{args.chats}x{args.questions}"
        + (f"@{args.rate:g}/s" if args.rate else "")
        + (f"-faults{args.fault_rate:g}" if args.fault_rate else "")
        + ("-repeats" if args.fault_rate and args.fault_repeats else "")
    )
    print(run.report.summary(name))
    load.write_report(name, run.report, args.json)
    return 0 if run.report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
