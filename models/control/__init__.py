"""The office's control layer (越级 and 热点 control): escalation risk
(``risk``), external cases and their deadlines on Chinese working days
(``external``, ``workdays``), hot-spots (``hotspots``: detection; ``tallies``:
complaints per group per day; ``farrington``: the baseline; ``phrases``: the
customers' words; ``hotspot_notices``: the desk telling the office), and
improvement actions (``improvement``: the actions, their states and the desk's
suggestions; ``improvement_queries``: what the screens read; ``effect``: did
an action work)."""
