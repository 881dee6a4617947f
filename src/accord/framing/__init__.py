"""Framing: spans that use persuasion techniques, with the technique and the reason.

:class:`~accord.framing.detect.FramingDetector` flags them with two learned models
over name-masked features and a cue lexicon; ``accord_framing`` is its spaCy stage.
"""
