"""Pure-Python domain logic of CityHealth. Nothing in this package may import ``qgis``."""
