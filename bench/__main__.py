"""Run the benchmarks: ``python -m bench [--only NAME] [--scale small|full]``.

Each module ``bench/<name>.py`` defines ``run(scale: str) -> list[Figure]``. Every figure prints as one
line: ``bench: <name> <value> <unit> (<data size and context>)``. Figures are rates or ratios with the
data size named, never bare timings; nothing here asserts a target (tests don't time things).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from pathlib import Path

from bench.common import Figure


def _modules() -> list[str]:
    here = Path(__file__).parent
    return sorted(m.name for m in pkgutil.iter_modules([str(here)]) if m.name not in {"common", "__main__"})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--only", default="", help="one benchmark by name")
    parser.add_argument("--scale", choices=["small", "full"], default="small")
    args = parser.parse_args(argv)
    names = _modules()
    if args.only:
        if args.only not in names:
            print(f"unknown benchmark {args.only!r}; known: {', '.join(names)}", file=sys.stderr)
            return 2
        names = [args.only]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings.base")
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        if not hasattr(module, "run"):  # a helper shared by benchmarks (bench/http.py)
            continue
        figures: list[Figure] = module.run(args.scale)
        for figure in figures:
            print(figure.line(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
