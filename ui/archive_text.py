"""What the archive's check found, said in the user's language: the archive page, the backups' check and
``main.py verify`` say it alike (the models keep each sentence's template and values: ``models.verify.Said``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from models.verify import ArchiveProblem, Said
from ui.i18n import labelled


def said_text(said: Said) -> str:
    """A sentence of the archive's check in the user's language; the fields it names as the case view names
    them (narrative: Complaint)."""
    values = dict(said.values)
    if "detail" in values:  # a stored form's own words (models.seal_store), marked in the same context
        values["detail"] = QCoreApplication.translate("ArchiveProblem", str(values["detail"]))
    for key in ("field", "fields"):
        if key in values:
            from ui.register.case_view import FIELD_NAMES  # a field named: a record found changed

            names = str(values[key]).split(", ")
            values[key] = QCoreApplication.translate("Text", ", ").join(
                QCoreApplication.translate("CaseView", str(FIELD_NAMES[name])) if name in FIELD_NAMES else name
                for name in names
            )
    return QCoreApplication.translate("ArchiveProblem", said.template).format(**values)


def problem_text(problem: ArchiveProblem) -> str:
    """What the check found about one thing, in the user's language."""
    subject = said_text(problem.subject_said) if problem.subject_said else problem.archive_number
    return labelled(subject, said_text(problem.problem_said) if problem.problem_said else problem.problem)
