"""Settings package: ``base`` reads everything from the environment; there are no per-tier files."""
