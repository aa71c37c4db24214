"""Running the pipeline at scale: worker batches, resume checkpoints and the Dask runner."""
