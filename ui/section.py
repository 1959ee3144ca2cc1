"""What the main window asks of every page in its navigation: to be told who
is logged in, and to load its contents when looked at."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from models.staff import Staff
from ui.i18n import Retranslating


class SectionPage(Retranslating, QWidget):
    """A page of the main window's navigation. The window calls ``set_staff``
    at login and at every switch of user, and ``refresh`` when the page is shown."""

    staff: Staff | None = None

    def set_staff(self, staff: Staff) -> None:
        self.staff = staff

    @property
    def actor(self) -> Staff:
        """The logged-in account, for the calls made on its authority; the
        window sets it before it shows the page, so its absence is a bug."""
        if self.staff is None:
            raise RuntimeError(f"{type(self).__name__} acts before set_staff()")
        return self.staff

    def refresh(self) -> object:
        raise NotImplementedError
