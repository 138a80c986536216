"""The flat one-row-per-goal CSV that OKR tools export: import with a column mapping, and export.

Import reads each row through a :class:`ColumnMap`, builds a document
mapping and hands it to the document reader, so every check of the format
applies. The reader's problems point into that document
(``/objectives/3/key_results/0/metric/target``); they are mapped back to the
spreadsheet's rows and columns (``row 5, column 'Target'``), merged with the
problems found in the cells, and raised together. Export writes the same
format with the default column names, so that a round trip keeps what the
format can hold.
"""

from goalgraph._spreadsheet.format import FIELDS
from goalgraph._spreadsheet.mapping import ColumnMap
from goalgraph._spreadsheet.read import goals_from_rows, read_goals_csv
from goalgraph._spreadsheet.write import goals_csv

__all__ = ["FIELDS", "ColumnMap", "goals_csv", "goals_from_rows", "read_goals_csv"]
