"""One Processing algorithm per module."""
