"""The project's command line: build (atomically), check, serve. Run as ``python -m ess_build``."""
