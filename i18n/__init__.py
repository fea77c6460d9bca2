"""Loads the plugin's translation (i18n/landcarbon_<locale>.qm) for the QGIS
locale, in the desktop and under qgis_process."""

import os

_TRANSLATOR = None


def qgis_locale():
    """The locale QGIS uses ('zh_CN', 'en_US', ...)."""
    from qgis.core import QgsSettings
    from qgis.PyQt.QtCore import QLocale
    settings = QgsSettings()
    if settings.value("locale/overrideFlag", False, type=bool):
        return settings.value("locale/userLocale", "") or QLocale.system().name()
    return QLocale.system().name()


def install_translator(locale=None):
    """Install the translator for ``locale`` (default: QGIS's); returns the
    .qm path loaded or None (English: nothing to load)."""
    global _TRANSLATOR
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator
    locale = locale or qgis_locale()
    folder = os.path.dirname(__file__)
    for name in (locale, locale.split("_")[0]):
        path = os.path.join(folder, "landcarbon_%s.qm" % name)
        if os.path.exists(path):
            translator = QTranslator()
            if translator.load(path):
                if _TRANSLATOR is not None:
                    QCoreApplication.removeTranslator(_TRANSLATOR)
                QCoreApplication.installTranslator(translator)
                _TRANSLATOR = translator
                return path
    return None


def remove_translator():
    """Remove the translator installed by :func:`install_translator`."""
    global _TRANSLATOR
    from qgis.PyQt.QtCore import QCoreApplication
    if _TRANSLATOR is not None:
        QCoreApplication.removeTranslator(_TRANSLATOR)
        _TRANSLATOR = None
