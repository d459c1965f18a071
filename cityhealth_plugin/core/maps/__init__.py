"""Layout-independent rules of the printed atlas and thematic maps: page plan, contents, photo
choice, sort of units, problem and indicator rows, the category chart and the font choice."""
