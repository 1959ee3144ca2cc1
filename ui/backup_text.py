"""What a backup's check found, said in the user's language: the problems kept beside a copy as said
(``models.backups``: their templates and values), for the Backups page, the window's automatic backups and a
refused restore. Kept apart from the Backups page: the window's automatic backups say it without loading the page."""

from __future__ import annotations

from models.backups import BackupInfo, BackupRefusedError, SaidProblem
from models.errors import DomainError
from ui.i18n import domain_message, labelled


def problem_lines(info: BackupInfo) -> list[str]:
    """What the check of a backup found, in the user's language (in English from a check made before the problems
    were kept as said)."""
    if not info.said:
        return list(info.problems)
    return [said_problem_text(problem) for problem in info.said]


def said_problem_text(problem: SaidProblem) -> str:
    """One problem's parts, said in the user's language and joined as "part: part"."""
    from models.verify import Said
    from ui.archive_text import said_text

    texts = []
    for context, template, values in problem:
        if context == "ArchiveProblem":
            texts.append(said_text(Said(template, tuple(values.items()))))
        elif context:
            texts.append(domain_message(DomainError(template, **values)))
        else:
            texts.append(template)  # words said as they are (an archive number)
    text = texts[0]
    for more in texts[1:]:
        text = labelled(text, more)
    return text


def refusal_text(error: BackupRefusedError) -> str:
    """A restore refused as its backup did not check out: the sentence with the first findings as said."""
    problems = "; ".join(said_problem_text(problem) for problem in error.said[:3]) if error.said else None
    if problems is None:
        return domain_message(error)
    return domain_message(DomainError(error.template, **dict(error.params, problems=problems)))
