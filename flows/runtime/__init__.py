"""Machinery that exists only for Prefect or for start-up speed, fenced off from the pipeline.

The flow (``flows/pipeline.py``) calls ``batches.extracted_batches`` (read and extract
batches on this machine's worker processes, or on Dask) and ``validator.validate``
(validate frames, in a pre-started process when there is one). The rest serves the
command line: the local Prefect server (``prefect_api``, ``warm_server``), pre-started
workers and the head start (``parallel``, ``head_start``, ``warmup``), children that
die with their run (``lifeline``), quiet shutdowns (``quiet``), memory release
(``memory``), and the task runner per setting (``runners``).
"""
