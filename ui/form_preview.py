"""A case's complaint form, rendered off the GUI thread and shown in the print
preview: archived forms from the archive, draft forms from the open cases."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from models.case_detail import case_number
from models.staff import Staff
from ui.i18n import current_language
from ui.tasks import Task, run_task


def render_form(actor: Staff | None, case_id: int, language: str) -> tuple[str, bytes]:
    """(title, PDF) of one case's complaint form, as far as ``actor`` may print it; runs in a worker."""
    from ui.paper.forms import complaint_form  # reportlab loads with the first form, not at start

    return case_number(case_id), complaint_form(actor, case_id, language)


def preview_case(parent: QWidget, actor: Staff | None, case_id: int) -> Task:
    """Render the case's form in a worker and open it in the print preview;
    a failure is reported by the tasks' default handler. Closed meanwhile (a case view, the intake wizard), the
    parent takes the answer with it: no preview opens over what is left."""
    def show(rendered: tuple[str, bytes]) -> None:
        from ui.printing import PrintPreviewDialog  # Qt's PDF support loads with the first preview

        title, data = rendered
        dialog = PrintPreviewDialog(data, title, parent)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    return run_task(render_form, actor, case_id, current_language(), on_done=show, owner=parent)
