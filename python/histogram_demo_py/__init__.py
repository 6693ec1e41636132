"""The seed's Python apps, driven by histogram-demo: see protocol.py for what the CLI sends."""
