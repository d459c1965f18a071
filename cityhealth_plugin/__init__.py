"""CityHealth (城市体检) QGIS plugin entry point."""


def classFactory(iface):  # noqa: N802 (QGIS API name)
    """Called by QGIS to create the plugin; imports lazily so that QGIS starts fast."""
    from .plugin import CityHealthPlugin

    return CityHealthPlugin(iface)
