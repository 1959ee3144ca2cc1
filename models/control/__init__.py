"""The office's control layer (越级 and 热点 control): escalation risk
(``risk``), external cases and their deadlines on Chinese working days
(``external``, ``workdays``), hot-spots (``hotspots``: detection; ``tallies``:
complaints per group per day; ``farrington``: the baseline; ``phrases``: the
customers' words), and later improvement actions."""
