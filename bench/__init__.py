"""Benchmarks of tandem written in Python (stdlib only); `scripts/bench` dispatches to them."""
