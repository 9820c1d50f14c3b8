"""The code the notebooks show, in the book's order."""
