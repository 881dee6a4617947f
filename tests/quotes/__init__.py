"""Tests for accord.quotes."""
