"""0028: an open case the office took over by its decision on an escalation names the office account that did.

Until now the office's decision "take the case over" (a proposal's ``decision`` 'taken_over') left the complaint's
``taken_over_by`` empty, where taking a case over from the escalation-risk list set it. So such a case still
showed the duty manager as its handler, the desk's open cases offered it to the desk (which was refused only when
it saved), the office's own open cases did not list it, and a proposal the office made afterwards let the desk go
on with it again. From now on the decision sets ``taken_over_by`` (``models.intake.transitions.decide``), which
is the one thing every screen and rule reads.

Here the open cases decided so before get the office account that decided: the one of their latest proposal
with that decision. A closed or withdrawn case is sealed as it stands (its record names the decision) and is left
be. No audit event is written: the decision's own event names who decided.

Nothing to undo: a program before 0028 reads ``taken_over_by`` as it is written here.

Frozen like every migration: never edit it once released.
"""

OPEN_STATES = ("received", "investigating", "proposed", "agreed", "declined", "escalated", "decided")


def up(migrator, db):
    states = ", ".join(f"'{state}'" for state in OPEN_STATES)
    db.execute_sql(
        "UPDATE complaint SET taken_over_by_id = ("
        "SELECT p.decided_by_id FROM proposal p WHERE p.complaint_id = complaint.id AND p.decision = 'taken_over' "
        "AND p.decided_by_id IS NOT NULL ORDER BY p.seq DESC LIMIT 1) "
        f"WHERE taken_over_by_id IS NULL AND state IN ({states}) AND EXISTS ("
        "SELECT 1 FROM proposal p WHERE p.complaint_id = complaint.id AND p.decision = 'taken_over' "
        "AND p.decided_by_id IS NOT NULL)"
    )


def down(migrator, db):
    pass
