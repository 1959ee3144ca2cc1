"""The office's control layer (越级 and 热点 control): escalation risk
(``risk``), external cases and their deadlines on Chinese working days
(``external``, ``workdays``), and later hot-spots and improvement actions."""
