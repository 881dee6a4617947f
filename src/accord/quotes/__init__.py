"""Finding and attributing quotations."""
