"""Machinery that exists only for Prefect or for start-up speed, fenced off from the pipeline.

The flow (``flows/pipeline.py``) is given a ``session.Runtime`` (where to extract, how to
validate) and calls ``batches.extracted_batches`` (read and extract batches on this machine's
worker processes, or on Dask). The rest serves the command line's start-up
(``session.run_from_command_line``): the one Prefect server launcher (``server``) and the API a
run talks to (``prefect_api``), the one kind of helper process pool (``pool``) behind the
extraction workers (``parallel``) and the validation process (``validator``), the head start
(``head_start``, ``warmup``), children that die with their run (``lifeline``), quiet shutdowns
(``quiet``), memory release (``memory``), and the task runner per setting (``runners``).
"""
