"""Benchmark helpers: synthetic data at scale and the pandas baseline (issue 8)."""
