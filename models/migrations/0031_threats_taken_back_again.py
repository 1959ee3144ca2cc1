"""0031: the open cases whose stored risk says the customer took a threat back are assessed again.

Until this release any negation before a threat in the same clause read as the customer taking it back:
"顾客称服务员态度不好没有道歉要去12315投诉" or "你们没有诚意我去消协" scored "watch" (1 point) where the customer
had plainly threatened to go over the desk's head, so the office was never asked to answer. The rule now counts
only a negation of the going itself (``models/control/risk.py``). The rules are the application's, which a
migration cannot run: an open case whose stored reasons hold a threat taken back is marked not assessed
(``risk_level`` empty), and the office's risk list assesses it again before it lists the cases
(``assess_open_cases``, as after migration 0015); the desk's next step would too. Closed and withdrawn cases keep
what they were closed with. No audit event here: the assessment made again records one.

``down`` leaves the cases as they are: an assessment made again is what the older release's next step makes.

Frozen like every migration: never edit it once released.
"""

OPEN_STATES = ("received", "investigating", "proposed", "agreed", "declined", "escalated", "decided")


def up(migrator, db):
    mark = db.param
    states = ", ".join([mark] * len(OPEN_STATES))
    db.execute_sql(
        f"UPDATE complaint SET risk_level = '' WHERE state IN ({states}) AND risk_reasons LIKE {mark}",
        (*OPEN_STATES, '%"code":"threat_negated"%'),
    )


def down(migrator, db):
    pass
