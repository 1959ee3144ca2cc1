"""The application's one style sheet. Widgets do not carry colours of their
own: they get an object name or a ``role`` property, and this sheet styles it."""
from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

# Roles a label can take; set them with set_role().
ROLE = "role"  # the dynamic property the style sheet reads
ERROR = "error"  # a refused input's sentence, a number that needs attention
MUTED = "muted"  # secondary text: a length counter within its limit
NOTICE = "notice"  # a banner that asks for attention: drafts waiting, a returning customer
HINT = "hint"  # advice for the person at the desk
SUMMARY = "summary"  # a quiet box that sums up, e.g. the proposal the customer answers
WITHIN = "within"  # within a limit: the proposal is the desk's to make, the promised time is not near
NEAR = "near"  # the promised time is close
OVER = "over"  # beyond a limit: the office decides, the promised time has passed

# Where a style sheet cannot reach (item views, rich text), the same red by hand.
ALERT_HEX = "#b3261e"
ALERT_COLOUR = QColor(ALERT_HEX)

STYLE_SHEET = """
QLabel[role="error"] { color: $alert; }
QLabel[role="muted"] { color: palette(mid); }
QLabel[role="notice"] { background: #fff4d6; color: #5d4200; padding: 8px; border-radius: 4px; }
QLabel#customerHistory { padding: 6px; }
QLabel[role="hint"] { background: #e8f0fe; color: #17365d; padding: 8px; border-radius: 4px; }
QLabel[role="summary"] { background: #f3f6f9; padding: 8px; border-radius: 4px; }
QLabel[role="within"] { background: #e3f1e4; color: #1b5e20; padding: 8px; border-radius: 4px; }
QLabel[role="over"] { background: #fbe3e1; color: #8c1d18; padding: 8px; border-radius: 4px; }
#promptPanel { background: #f3f6f9; border-right: 1px solid #d5dde5; }
QScrollArea#promptScroll, QScrollArea#promptScroll > QWidget > QWidget { background: transparent; }
QLabel#countdown { font-size: 15pt; font-weight: bold; padding: 6px; border-radius: 4px; }
QLabel#countdown[role="within"] { color: #1b5e20; background: #e3f1e4; }
QLabel#countdown[role="near"] { color: #8a5a00; background: #fff4d6; }
QLabel#countdown[role="over"] { color: $alert; background: #fbe3e1; }
QFrame#riskIndicator { background: #ffffff; border: 1px solid #d5dde5; border-radius: 6px; }
QFrame#riskIndicator[role="watch"] { background: #fff8e6; border-color: #e3c277; }
QFrame#riskIndicator[role="high"] { background: #fdf0ee; border-color: #d9a19b; }
QLabel#riskCaption { color: palette(mid); }
QLabel#riskLevel { font-weight: bold; font-size: 12pt; }
QLabel#riskLevel[role="none"] { color: #1b5e20; }
QLabel#riskLevel[role="watch"] { color: #8a5a00; }
QLabel#riskLevel[role="high"] { color: #8c1d18; }
QLabel#riskStatus { color: #17365d; }
QFrame#riskBanner { background: #fdf0ee; border: 1px solid #d9a19b; border-radius: 4px; }
QLabel#riskBannerText { color: #8c1d18; }
""".replace("$alert", ALERT_HEX)


def apply_style(app: QApplication) -> None:
    app.setStyleSheet(STYLE_SHEET)


def set_role(widget: QWidget, role: str) -> None:
    """Give ``widget`` a role of the style sheet ('' for none) and restyle it now."""
    if widget.property(ROLE) == role:
        return
    widget.setProperty(ROLE, role)
    # Qt applies a changed dynamic property only when the widget is polished again.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
