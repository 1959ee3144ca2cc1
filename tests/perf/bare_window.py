"""The bare baseline of bench_startup.py: a PySide6 main window the size of
the desk's, shown and left to its event loop, and nothing else."""

import sys

from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1100, 700)
window.show()
sys.exit(app.exec())
