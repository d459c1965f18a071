"""Qt dialogs over core and the Processing algorithms."""
