"""The project's locale formats where Django's differ from CLDR (``FORMAT_MODULE_PATH``)."""
