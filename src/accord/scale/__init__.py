"""Scale-out: analysing corpora too large for one machine.

:mod:`accord.scale.shards` reads JSON Lines and Parquet shards from any filesystem
pyarrow knows; :mod:`accord.scale.rows` turns Analysis records into Parquet rows
partitioned by publication month and loads them into the store (``accord load``);
:mod:`accord.scale.ray_engine` runs the pipeline on Ray Data (``accord ingest
--engine ray``; the ``accord[ray]`` extra). See docs/scale.md.
"""
