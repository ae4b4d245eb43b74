"""The application's style sheet: large type where a clerk reads at a distance, calm elsewhere."""

STYLE_SHEET = """
QWidget { font-size: 11pt; }
QLabel#caption { font-weight: 600; color: #37474F; }
QLineEdit#scanField { font-size: 20pt; padding: 6px 10px; border: 3px solid #1565C0;
    border-radius: 6px; background: #FFFFFF; }
QLineEdit#destinationField { font-size: 13pt; padding: 4px 8px; }
QLabel#destinationPlace { font-size: 15pt; font-weight: 700; color: #0D47A1; }
QLabel#destinationPlace[empty="true"] { color: #B71C1C; }
QPushButton { padding: 6px 12px; }
QPushButton#modeButton { font-size: 14pt; font-weight: 600; padding: 8px 16px;
    border: 2px solid #90A4AE; border-radius: 6px; background: #ECEFF1; color: #263238; }
QPushButton#modeButton:checked { background: #0D47A1; color: #FFFFFF; border-color: #0D47A1; }
QLabel#banner { background: #B71C1C; color: #FFFFFF; font-size: 14pt; font-weight: 700;
    padding: 8px 12px; border-radius: 6px; }
QLabel#chartName { font-size: 20pt; font-weight: 700; }
QLabel#chartFacts { font-size: 13pt; color: #37474F; }
QLabel#chartShelf { font-size: 12pt; }
QLabel#actionMessage { font-size: 12pt; font-weight: 600; color: #1B5E20; }
QLabel#actionMessage[problem="true"] { color: #B71C1C; }
QLabel#signInError { color: #B71C1C; font-weight: 600; }
QStatusBar QLabel { padding: 0 8px; }
QLabel#databaseState[down="true"] { background: #B71C1C; color: #FFFFFF; }
"""
