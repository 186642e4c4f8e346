"""Attack and bad-input cases: content an editor or contributor can commit, and what the build must do with it."""
