"""The complaint register: the lazy list, search, filters and the case view."""
