"""Shared basics every layer may use: words (i18n), the clock, text cleaning, ids.

Layers, top to bottom: bot → flows → exports → storage → questionnaires → base. A module
imports only from its own layer or lower ones (tests/test_layers.py).
"""
