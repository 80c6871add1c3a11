"""Speed benchmarks. One command, ``bin/bench``, prints a table.

Every figure is reported as a ratio to a bare baseline measured in the same run, so results from a busy or a
quiet machine can be compared; tests never assert a time (see benchmarks/README.md).
"""
