"""Benchmarks of issue 8: `python -m bench.<name> --help`; figures go to BENCHMARKS.md."""
